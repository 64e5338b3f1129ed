"""SSI's access tokens (reference §1.3, §2.1): a read token, a write token and a data token.

* The **read token** (``AccessToken`` with ``code: "1"``, ``isSave: false``, as SSI's own
  client does) authorises GETs and the order stream. It is a
  :class:`~vnfin._tokens.CachedToken`: fetched on first use outside the session's
  concurrency gate, and fetched again :data:`READ_EARLY` seconds before its JWT ``exp``
  (at half its life, for a token that lives less than twice that).
* The **write token** comes only from ``ssi.auth.verify(code)`` (the real PIN or OTP). It is
  never renewed behind the user's back: a write without one, or with one that has expired
  (or expires within :data:`WRITE_EARLY` seconds), raises
  :class:`~vnfin.errors.TwoFactorRequired` before anything is sent.
* The **data token** (FCData ``Market/AccessToken``) authorises market data, like the read
  token on the data session.

Expiry is the JWT's ``exp``, read from the payload without verifying it (vnfin cannot, and
need not: SSI verifies). A token without a readable ``exp`` is taken to live 8 hours.
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

LIFETIME = 8 * 3600.0  # seconds [reference §1.3: "Access token is valid within 8h"]
READ_EARLY = 600.0  # renew a read or data token this long before it expires (.NET client: 600)
WRITE_EARLY = 30.0  # a write token this close to expiry is not sent (it could expire in flight)
VERIFY_HINT = "call ssi.auth.verify(pin_or_otp) (for OTP accounts, ssi.auth.request_otp() first)"


def expiry(token: str, now: float) -> float:
    """When ``token`` expires: its JWT ``exp``, else :data:`LIFETIME` from ``now``."""
    exp = jwt_expiry(token)
    return now + LIFETIME if exp is None else exp


def access_token(body: Any, endpoint: str) -> str:
    """``data.accessToken`` of an AccessToken answer (the decoded envelope)."""
    data = body.get("data") if isinstance(body, dict) else None
    token = data.get("accessToken") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        raise shape_error(endpoint, "no data.accessToken")
    return token


class WriteToken:
    """The write token from :meth:`vnfin.ssi.login.AsyncAuth.verify`, held in memory only.

    ``code`` is kept only when the token was issued with ``isSave: false``: SSI then wants the
    PIN/OTP in every money-moving body (the signer puts it there).
    """

    def __init__(self, clock: Callable[[], float] = time.time, early: float = WRITE_EARLY):
        self._clock = clock
        self._early = early
        self._token: str | None = None
        self._expires = 0.0
        self._code: str | None = None

    def set(self, token: str, code: str | None = None) -> float:
        """Hold ``token`` (and, for an unsaved one, ``code``); returns its expiry."""
        self._token = token
        self._expires = expiry(token, self._clock())
        self._code = code
        return self._expires

    def forget(self) -> None:
        self._token, self._code, self._expires = None, None, 0.0

    @property
    def held(self) -> bool:
        """True while a write token is held and not about to expire."""
        return self._token is not None and self._clock() < self._expires - self._early

    @property
    def expires_at(self) -> pd.Timestamp | None:
        """When the write token expires (Vietnam time), None without one."""
        if self._token is None:
            return None
        return pd.Timestamp(self._expires, unit="s", tz="UTC").tz_convert(VN_TZ)

    @property
    def code(self) -> str | None:
        return self._code if self._token is not None else None

    def bearer(self, method: str | None = None, path: str | None = None) -> str:
        """The token for a write, or :class:`TwoFactorRequired` when there is none or it has
        expired (never a silent renewal: that needs the user's PIN or OTP)."""
        if self._token is None:
            raise TwoFactorRequired(
                f"order and cash writes need a write token: {VERIFY_HINT}",
                error_code="WRITE_TOKEN_REQUIRED",
                method=method,
                path=path,
            )
        if not self.held:
            self.forget()
            raise TwoFactorRequired(
                f"the write token has expired: {VERIFY_HINT}",
                error_code="WRITE_TOKEN_EXPIRED",
                method=method,
                path=path,
            )
        return self._token

    def __repr__(self) -> str:
        if self._token is None:
            return "WriteToken(none)"
        saved = "saved" if self._code is None else "unsaved, code kept"
        return f"WriteToken(held, {saved}, expires={self.expires_at:%Y-%m-%d %H:%M})"


def cached(
    session: Session,
    call: Callable[[], Any],
    endpoint: str,
    *,
    clock: Callable[[], float] = time.time,
    early: float = READ_EARLY,
) -> CachedToken:
    """A :class:`CachedToken` whose fetch sends ``call()`` (an unauthenticated AccessToken
    call) through ``session`` and reads ``data.accessToken`` and its ``exp``."""

    async def fetch() -> tuple[str, float]:
        reply = await session.send(call())
        token = access_token(reply.payload, endpoint)
        now = clock()
        expires = expiry(token, now)
        # renewed ``early`` seconds before expiry, or at half-life for a token that lives
        # less than twice that (CachedToken renews at ``expires - early``)
        ahead = min(early, max(expires - now, 0.0) / 2)
        return token, expires - ahead + early

    return CachedToken(fetch, early=early, clock=clock)
