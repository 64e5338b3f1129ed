"""What both faces of one SSI client share (:class:`SSICore`), and the base of its endpoint
groups (:class:`SSIGroup`), which reach it as ``self._ssi``.

A client talks to two hosts, each with its own session (keys, token, quota, connection
pool): ``"trading"`` (FastConnect Trading) and ``"data"`` (FastConnect Data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .._call import Reply
from .._client import Core
from .._group import Group
from .._tokens import CachedToken
from ..errors import ValidationError
from ..frames import stamp
from . import trading_routes
from .auth import Credentials
from .ids import RequestIds
from .sessions import SessionBoard
from .tokens import WriteToken


@dataclass
class SSICore(Core):
    """The sessions and everything the groups share. ``read_token`` (trading) and
    ``data_token`` (FCData) are the session tokens; ``writes`` the write token from
    ``ssi.auth.verify``; ``trading_hub_url``/``data_hub_url`` are where the order and market
    streams connect; ``market_sessions`` what the market stream's ``F`` channel last said
    about each symbol's session."""

    credentials: Credentials
    data_credentials: Credentials
    has_key: bool
    account: str | None
    derivative_account: str | None
    device_id: str
    two_factor_type: int
    order_wait: float
    writes: WriteToken
    read_token: CachedToken
    data_token: CachedToken
    request_ids: RequestIds
    trading_url: str
    data_url: str
    trading_hub_url: str
    data_hub_url: str
    market_sessions: SessionBoard = field(default_factory=SessionBoard)

    def account_for(self, account: Any, *, derivative: bool = False) -> str:
        """``account=`` checked, or the client's (derivative) account."""
        if account is not None:
            return trading_routes.account_id(account)
        default = self.derivative_account if derivative else self.account
        if default is None:
            env = "SSI_DERIVATIVE_ACCOUNT" if derivative else "SSI_ACCOUNT"
            name = "derivative_account" if derivative else "account"
            raise ValidationError(
                f"no {name}: pass account=, or {name}= to the client, or set {env}",
                argument="account",
            )
        return default


class SSIGroup(Group):
    """An SSI endpoint group: its session, and the client's :class:`SSICore` as ``_ssi``."""

    _ssi: SSICore

    @classmethod
    def build(cls, core: Any) -> Group:
        group = cls(core.sessions[cls.host], core.source)
        group._ssi = core
        return group

    async def _data(self, call: Any) -> Reply:
        """Send ``call`` to FastConnect Data (whatever this group's own host is)."""
        return await self._ssi.sessions["data"].send(call)

    async def _trading(self, call: Any) -> Reply:
        """Send ``call`` to FastConnect Trading."""
        return await self._ssi.sessions["trading"].send(call)

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
