"""``dnse.auth``: the two layers of LightSpeed's auth (reference §4.2, seed 003).

Reads need no action from the user: vnfin logs in on first use and again before the JWT
expires. Orders need a trading token, which takes an OTP:

* a **Smart OTP** from the Entrade X app: ``dnse.auth.trading_token(code)``;
* an **e-mailed OTP** (registered with DNSE beforehand): ``dnse.auth.request_email_otp()``,
  then ``dnse.auth.trading_token(code, method="email")`` within 2 minutes.

The trading token lasts 8 hours and is kept in memory only, never shown.
"""

from __future__ import annotations

from typing import ClassVar

import pandas as pd

from .._faces import SyncGroup, blocking
from . import routes
from .auth import OneTimeCode, otp_code, otp_header
from .group import DNSEGroup
from .tokens import field


class AsyncAuth(DNSEGroup):
    """Auth endpoints (awaitable). Reached as ``AsyncDNSE(...).auth``."""

    name: ClassVar[str] = "auth"
    host: ClassVar[str] = "api"

    async def login(self) -> pd.Timestamp:
        """Log in now (vnfin otherwise does it on first use) and return when the JWT expires
        (Vietnam time; DNSE issues them for 8 hours). Checks the user name and password."""
        login = self._dnse.login
        login.invalidate()
        await login.token()
        expires = login.expires_at
        assert expires is not None
        return expires

    async def request_email_otp(self) -> None:
        """Ask DNSE to e-mail a one-time code (``GET .../auth-service/api/email-otp``). The
        code lasts 2 minutes and is good once; the e-mail address must be verified and
        e-mail OTP registered with DNSE. Not needed with a Smart OTP."""
        await self._send(routes.email_otp(self._layout))

    async def trading_token(self, code: str, method: str = "smart") -> pd.Timestamp:
        """Exchange an OTP for a trading token (kept in memory, never shown) and return when
        it expires (Vietnam time; 8 hours). ``method``: ``"smart"`` for the Entrade X Smart
        OTP (sent as the ``smart-otp`` header) or ``"email"`` for a code from
        :meth:`request_email_otp` (the ``otp`` header). Sent once: a code is spent by its
        first use, and a refused one raises ``TwoFactorRequired``."""
        held = OneTimeCode(otp_header(method), otp_code(code))
        del code  # not left in this frame's locals for a verbose traceback to show
        with held:
            reply = await self._send(routes.trading_token(self._layout))
        token = field(reply.payload, "tradingToken", "trading-token")
        return self._dnse.trading.set(token)


class Auth(SyncGroup[AsyncAuth]):
    """Auth endpoints (blocking). Reached as ``DNSE(...).auth``."""

    login = blocking(AsyncAuth.login)
    request_email_otp = blocking(AsyncAuth.request_email_otp)
    trading_token = blocking(AsyncAuth.trading_token)
