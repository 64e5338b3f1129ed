"""``ssi.auth``: the second factor that unlocks writes (reference §1.3).

GETs and the stream need no action from the user: vnfin fetches a read token on first use.
Orders and cash writes need a write token: ``ssi.auth.verify(pin)`` for a PIN account, or
``ssi.auth.request_otp()`` then ``ssi.auth.verify(otp)`` for an OTP account (SMS, e-mail or
SmartOTP). With ``save=True`` (the default) SSI binds the code to the token for its 8 hours;
with ``save=False`` SSI wants the code in every write, so vnfin keeps it in memory (never
shown) and the signer adds it to each write body.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd

from .._faces import SyncGroup, blocking
from ..errors import ValidationError
from .group import SSIGroup
from .tokens import access_token
from .trading_routes import code_text, get_otp, two_factor_type, verify


class AsyncAuth(SSIGroup):
    """Two-factor endpoints (awaitable). Reached as ``AsyncSSI(...).auth``."""

    name: ClassVar[str] = "auth"
    host: ClassVar[str] = "trading"

    async def request_otp(self) -> None:
        """Ask SSI to send a one-time code (``GetOTP``) by SMS or e-mail, for accounts whose
        second factor is OTP. SmartOTP and PIN accounts do not need it."""
        await self._trading(get_otp(self._ssi.credentials))

    async def verify(
        self, code: str, two_factor_type: int | None = None, save: bool = True
    ) -> pd.Timestamp:
        """Exchange the PIN or OTP for a write token (kept in memory, never shown); returns
        when it expires (Vietnam time; SSI issues them for 8 hours).

        ``two_factor_type``: 0 = PIN, 1 = OTP; by default ``SSI_TWO_FACTOR_TYPE``, else 0.
        ``save``: bind the code to the token (SSI's ``isSave``); with False the code is kept
        and sent with every write instead. Sent once: an OTP is spent by its first use.
        """
        factor = self._ssi.two_factor_type if two_factor_type is None else two_factor_type
        checked = _checked(code, factor, save)
        reply = await self._trading(verify(self._ssi.credentials, *checked))
        token = access_token(reply.payload, "AccessToken")
        self._ssi.writes.set(token, None if save else checked[1])
        expires = self._ssi.writes.expires_at
        assert expires is not None
        return expires


def _checked(code: Any, factor: Any, save: Any) -> tuple[int, str, bool]:
    if not isinstance(save, bool):
        raise ValidationError(f"save must be True or False, got {save!r}", argument="save")
    return two_factor_type(factor), code_text(code), save


class Auth(SyncGroup[AsyncAuth]):
    """Two-factor endpoints (blocking). Reached as ``SSI(...).auth``."""

    request_otp = blocking(AsyncAuth.request_otp)
    verify = blocking(AsyncAuth.verify)
