"""What both faces of one DNSE client share (:class:`DNSECore`), and the base of its endpoint
groups (:class:`DNSEGroup`), which reach it as ``self._dnse``.

One session serves every call (LightSpeed and the chart live on the same host). The groups
share two lookups that are made once per client and then reused:

* the **default accounts**: ``account=``/``DNSE_ACCOUNT`` when set, else the first
  sub-account of ``accounts()`` that is not a derivative one; for derivative calls, the first
  derivative sub-account (reference §4.3);
* each account's **loan packages** (reference §4.4): an order names one on the wire, and
  vnfin picks the cash package (type ``N``) when the caller names none.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .._call import Reply
from .._client import Core
from .._group import Group
from .._parse import shape_error
from ..errors import ValidationError
from ..frames import stamp
from . import routes, vocab
from .auth import Credentials
from .routes import Layout
from .tokens import LoginToken, TradingToken


@dataclass
class DNSECore(Core):
    """The session and everything the groups share: the credentials, the :class:`Layout`,
    the JWT source ``login`` and the ``trading`` token, the default ``account`` (None: the
    first of ``accounts()``), and the lookups made once (see the module docstring)."""

    credentials: Credentials
    layout: Layout
    base_url: str
    account: str | None
    order_wait: float
    login: LoginToken
    trading: TradingToken
    found: dict[str, Any] = field(default_factory=dict, repr=False)
    _locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = field(
        default_factory=weakref.WeakKeyDictionary, repr=False
    )

    async def once(self, key: str, fetch: Callable[[], Awaitable[Any]]) -> Any:
        """``fetch()``'s result, fetched the first time ``key`` is asked for and then kept
        (one fetch at a time per event loop)."""
        if key in self.found:
            return self.found[key]
        lock = self._locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())
        async with lock:
            if key not in self.found:
                self.found[key] = await fetch()
        return self.found[key]


def sub_accounts(payload: Any) -> list[Mapping[str, Any]]:
    """``accounts`` of the sub-account list (§4.3)."""
    rows = payload.get("accounts") if isinstance(payload, Mapping) else None
    if rows is None:
        return []
    if not isinstance(rows, list) or not all(isinstance(r, Mapping) for r in rows):
        raise shape_error("accounts", "accounts is not a list of objects")
    return rows


def packages(payload: Any, endpoint: str) -> list[Mapping[str, Any]]:
    """``loanPackages`` of a loan-package list (§4.4)."""
    rows = payload.get("loanPackages") if isinstance(payload, Mapping) else None
    if rows is None:
        return []
    if not isinstance(rows, list) or not all(isinstance(r, Mapping) for r in rows):
        raise shape_error(endpoint, "loanPackages is not a list of objects")
    return rows


class DNSEGroup(Group):
    """A DNSE endpoint group: the session, and the client's :class:`DNSECore` as ``_dnse``."""

    _dnse: DNSECore

    @classmethod
    def build(cls, core: Any) -> Group:
        group = cls(core.sessions[cls.host], core.source)
        group._dnse = core
        return group

    @property
    def _layout(self) -> Layout:
        return self._dnse.layout

    async def _account(self, account: Any, *, derivative: bool = False) -> str:
        """``account=`` checked, else the client's default (stock or derivative)."""
        if account is not None:
            return routes.account_id(account)
        if not derivative and self._dnse.account is not None:
            return self._dnse.account
        rows = await self._dnse.once("accounts", self._sub_accounts)
        for row in rows:
            if bool(row.get("derivativeAccount")) is derivative and row.get("id") is not None:
                return routes.account_id(str(row["id"]))
        kind = "derivative " if derivative else ""
        hint = "" if derivative else ", or account= to the client, or set DNSE_ACCOUNT"
        raise ValidationError(
            f"this login has no {kind}sub-account in accounts(): pass account={hint}",
            argument="account",
        )

    async def _sub_accounts(self) -> list[Mapping[str, Any]]:
        reply = await self._send(routes.accounts(self._layout))
        return sub_accounts(reply.payload)

    async def _packages(self, account: str, derivative: bool) -> list[Mapping[str, Any]]:
        """The account's loan packages, fetched once per client."""

        async def fetch() -> list[Mapping[str, Any]]:
            call = routes.loan_packages(self._layout, account, derivative=derivative)
            return packages((await self._send(call)).payload, call.path)

        key = f"packages:{'derivative' if derivative else 'stock'}:{account}"
        found: list[Mapping[str, Any]] = await self._dnse.once(key, fetch)
        return found

    async def _package(
        self, account: str, loan_package: Any, derivative: bool
    ) -> tuple[int | str, dict[str, Any]]:
        """The loan package an order names, and what vnfin records about the choice: the one
        given, else the account's cash package (type ``N``; for derivatives, the first)."""
        if loan_package is not None:
            package = routes.loan_package_id(loan_package)
            return package, {"loan_package": package, "loan_package_chosen_by": "caller"}
        rows = await self._packages(account, derivative)
        cash = [r for r in rows if str(r.get("type") or "").upper() == vocab.CASH_PACKAGE]
        pick = (cash or (rows if derivative else []))[:1]
        if not pick or pick[0].get("id") is None:
            raise ValidationError(
                f"account {account} has no cash loan package (type N) to default to: pass "
                "loan_package= (see account.loan_packages())",
                argument="loan_package",
            )
        package = routes.loan_package_id(pick[0]["id"])
        why = "vnfin: the account's cash package (type N), as no loan_package was given"
        if derivative and not cash:
            why = "vnfin: the account's first derivative loan package, as none was given"
        return package, {
            "loan_package": package,
            "loan_package_name": pick[0].get("name"),
            "loan_package_type": pick[0].get("type"),
            "loan_package_chosen_by": why,
        }

    def _stamped(
        self, frame: pd.DataFrame, replies: list[Reply], endpoint: str, *, unit: str, **attrs: Any
    ) -> pd.DataFrame:
        return stamp(
            frame,
            source=self.source,
            endpoint=endpoint,
            simulated=any(r.simulated for r in replies),
            unit=unit,
            **attrs,
        )
