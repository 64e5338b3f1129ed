"""DNSE LightSpeed's two tokens (reference §4.2, seed 003).

* The **JWT** from ``POST .../login {username, password}`` authorises every call but the login
  and the chart (``Authorization: Bearer``). It is a :class:`~vnfin._tokens.CachedToken`:
  fetched on first use outside the session's concurrency gate, and fetched again by logging
  in again :data:`~vnfin.dnse.vocab.LOGIN_EARLY` seconds before its ``exp`` (read from the
  payload without verifying it: vnfin cannot, and need not). A read refused with 401 logs in
  again once (the session does it).
* The **trading token** comes only from ``dnse.auth.trading_token(code)`` (a smart OTP or an
  e-mailed one). It is kept in memory with its 8-hour expiry and sent as ``Trading-Token`` on
  state-changing calls only; it is never renewed behind the user's back: a write without one,
  or with one that has expired, raises :class:`~vnfin.errors.TwoFactorRequired` before
  anything is sent.

Neither token, nor the password, nor an OTP appears in a repr.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pandas as pd

from .._http import Session
from .._parse import shape_error
from .._tokens import CachedToken, jwt_expiry
from ..errors import TwoFactorRequired
from ..frames import VN_TZ
from . import vocab

HINT = (
    "call dnse.auth.trading_token(code) with the Smart OTP from the Entrade X app, or "
    "dnse.auth.request_email_otp() then dnse.auth.trading_token(code, method='email')"
)


def now() -> float:
    """The clock every DNSE token reads (a function, so tests can replace it)."""
    return time.time()


def expiry(token: str, issued: float) -> float:
    """When ``token`` expires: its JWT ``exp``, else 8 hours after ``issued``."""
    exp = jwt_expiry(token)
    return issued + vocab.LIFETIME if exp is None else exp


def field(payload: Any, name: str, endpoint: str) -> str:
    """The non-empty text ``name`` of an answer (``token``, ``tradingToken``)."""
    value = payload.get(name) if isinstance(payload, dict) else None
    if not isinstance(value, str) or not value:
        raise shape_error(endpoint, f"no {name}")
    return value


def _stamp(seconds: float) -> pd.Timestamp:
    return pd.Timestamp(seconds, unit="s", tz="UTC").tz_convert(VN_TZ)


class TradingToken:
    """The trading token from ``dnse.auth.trading_token``, held in memory only."""

    def __init__(
        self, clock: Callable[[], float] = lambda: now(), early: float = vocab.TRADING_EARLY
    ) -> None:
        self._clock = clock
        self._early = early
        self._token: str | None = None
        self._expires = 0.0

    def set(self, token: str) -> pd.Timestamp:
        """Hold ``token`` (valid 8 hours, or until its JWT ``exp``); returns its expiry."""
        self._token = token
        self._expires = expiry(token, self._clock())
        return _stamp(self._expires)

    def forget(self) -> None:
        self._token, self._expires = None, 0.0

    @property
    def held(self) -> bool:
        """True while a trading token is held and not about to expire."""
        return self._token is not None and self._clock() < self._expires - self._early

    @property
    def expires_at(self) -> pd.Timestamp | None:
        """When the trading token expires (Vietnam time), None without one."""
        return None if self._token is None else _stamp(self._expires)

    def value(self, method: str | None = None, path: str | None = None) -> str:
        """The token for a write, or :class:`TwoFactorRequired` when there is none or it has
        expired (never a silent renewal: that needs the user's OTP)."""
        if self._token is None:
            raise TwoFactorRequired(
                f"orders need a trading token: {HINT}",
                error_code="TRADING_TOKEN_REQUIRED",
                method=method,
                path=path,
            )
        if not self.held:
            self.forget()
            raise TwoFactorRequired(
                f"the trading token has expired (they last 8 hours): {HINT}",
                error_code="TRADING_TOKEN_EXPIRED",
                method=method,
                path=path,
            )
        return self._token

    def __repr__(self) -> str:
        if self._token is None:
            return "TradingToken(none)"
        return f"TradingToken(held, expires={self.expires_at:%Y-%m-%d %H:%M})"


class LoginToken(CachedToken):
    """The JWT: a :class:`CachedToken` whose fetch logs in (``call()``, unauthenticated)
    through ``session`` and reads ``token`` and its ``exp``; :attr:`expires_at` is when the
    current one expires."""

    def __init__(
        self,
        session: Session,
        call: Callable[[], Any],
        *,
        clock: Callable[[], float] = lambda: now(),
        early: float = vocab.LOGIN_EARLY,
    ) -> None:
        self.expires: float | None = None

        async def fetch() -> tuple[str, float]:
            reply = await session.send(call())
            token = field(reply.payload, "token", "login")
            issued = clock()
            self.expires = expires = expiry(token, issued)
            # renewed ``early`` seconds before expiry, or at half-life for a token that
            # lives less than twice that (CachedToken renews at ``expires - early``)
            ahead = min(early, max(expires - issued, 0.0) / 2)
            return token, expires - ahead + early

        super().__init__(fetch, early=early, clock=clock)

    @property
    def expires_at(self) -> pd.Timestamp | None:
        """When the JWT held now expires (Vietnam time), None before the first login."""
        return None if self.expires is None else _stamp(self.expires)

    def __repr__(self) -> str:
        if self.expires is None or self._valid() is None:
            return "LoginToken(none)"
        return f"LoginToken(held, expires={self.expires_at:%Y-%m-%d %H:%M})"
