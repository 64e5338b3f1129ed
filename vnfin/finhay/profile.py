"""Who the user is at Finhay: the user id and the sub-accounts (reference §1.10), fetched once
and shared by both client faces, and the rules for choosing a sub-account.

``sub_account=`` everywhere takes a short id (``0001234567``), an extended id
(``120C001234.4``), or ``"normal"``, ``"margin"`` or ``"order"``. The order-execution
sub-account is the one whose extended id ends in ``.4``: per the catalogue, the only one
Finhay accepts Open API orders on. Order writes and order reads default to it; holdings and
cash reads default to every sub-account.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from .._call import Call, Reply
from .._group import gather
from .._http import Session
from .._parse import shape_error
from ..errors import AuthError, TwoFactorRequired, ValidationError
from . import trading_routes as routes
from .parsers import trading as parse

Purpose = Literal["order", "holdings"]
T = TypeVar("T")
Route = Callable[..., Call]


@dataclass(frozen=True)
class SubAccount:
    """One sub-account: ``id`` goes in paths, ``ext`` in order bodies; ``type`` NORMAL or
    MARGIN."""

    id: str
    ext: str
    type: str

    @property
    def is_order(self) -> bool:
        """The dedicated order-execution sub-account (extended id ending ``.4``)."""
        return self.ext.endswith(".4")

    def __str__(self) -> str:
        return self.ext


Reads = list[tuple["SubAccount", Reply]]


class Profile:
    """The user's id and sub-accounts, fetched on first use and again after a refusal."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._user_id: int | None = None
        self._accounts: tuple[SubAccount, ...] | None = None

    def forget(self) -> None:
        """Drop what was fetched: the next call bootstraps again."""
        self._user_id, self._accounts = None, None

    async def user_id(self) -> int:
        if self._user_id is None:
            reply = await self._session.send(routes.me())
            data = reply.payload if isinstance(reply.payload, dict) else {}
            uid = data.get("user_id")
            if isinstance(uid, bool) or not isinstance(uid, int):
                raise shape_error("users/me", f"no integer user_id: {uid!r}")
            self._user_id = uid
        return self._user_id

    async def accounts(self) -> tuple[SubAccount, ...]:
        if self._accounts is None:
            reply = await self._session.send(routes.sub_accounts(await self.user_id()))
            frame = parse.sub_accounts(reply.payload)
            self._accounts = tuple(
                SubAccount(str(r.id), str(r.sub_account_ext), str(r.type or ""))
                for r in frame.itertuples()
            )
        return self._accounts

    async def resolve(self, which: Any, purpose: Purpose) -> tuple[SubAccount, ...]:
        """The sub-accounts ``which`` names, or the default for ``purpose``."""
        accounts = await self.accounts()
        if which is None:
            if purpose == "holdings":
                return accounts
            order = [a for a in accounts if a.is_order]
            if not order:
                raise ValidationError(
                    "this user has no order-execution sub-account (extended id ending .4), "
                    "the only one Finhay takes Open API orders on; pass sub_account= to use "
                    f"another ({', '.join(a.ext for a in accounts)})",
                    argument="sub_account",
                )
            return (order[0],)
        if not isinstance(which, str) or not which.strip():
            raise ValidationError(
                f"sub_account must be an id or 'normal', 'margin' or 'order', got {which!r}",
                argument="sub_account",
            )
        key = which.strip()
        word = key.lower()
        if word == "order":
            picked = [a for a in accounts if a.is_order]
        elif word in ("normal", "margin"):
            picked = [a for a in accounts if a.type.lower() == word and not a.is_order]
            picked = picked or [a for a in accounts if a.type.lower() == word]
        else:
            picked = [a for a in accounts if key in (a.id, a.ext)]
        if not picked:
            known = ", ".join(f"{a.ext} ({a.type.lower()})" for a in accounts)
            raise ValidationError(
                f"sub_account={which!r} is none of this user's sub-accounts: {known}",
                argument="sub_account",
            )
        return (picked[0],)

    async def one(self, which: Any, purpose: Purpose) -> SubAccount:
        return (await self.resolve(which, purpose))[0]

    async def retrying(self, attempt: Callable[[], Awaitable[T]], *, read: bool) -> T:
        """Run a user-scoped ``attempt``. A 401 means the ids may be stale (reference §1.10):
        the profile is fetched again and a read is attempted once more, resolving its ids
        afresh; a write never is."""
        try:
            return await attempt()
        except AuthError as error:
            if isinstance(error, TwoFactorRequired) or error.status_code != 401:
                raise
            self.forget()
            if not read:
                raise
        return await attempt()

    async def read(self, which: Any, purpose: Purpose, route: Route, *args: Any) -> Reads:
        """``route(account_id, *args)`` for every sub-account ``which`` names (or the default
        for ``purpose``), sent together; (sub-account, reply) pairs in order."""

        async def attempt() -> Reads:
            accounts = await self.resolve(which, purpose)
            replies = await gather(*(self._session.send(route(a.id, *args)) for a in accounts))
            return list(zip(accounts, replies, strict=True))

        return await self.retrying(attempt, read=True)

    async def read_user(self, route: Callable[..., Call], *args: Any) -> Reply:
        """``route(user_id, *args)``, sent as a user-scoped read."""

        async def attempt() -> Reply:
            return await self._session.send(route(await self.user_id(), *args))

        return await self.retrying(attempt, read=True)
