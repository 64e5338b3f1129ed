"""Finhay request signing, step by step as seed 004 states it (reference §1.2–§1.7).

Tier 1 (``GET /market/**``, ``/trading/market/**``, ``/trading/securities/**``,
``/fund-trading/public/**``) sends only ``X-FH-APIKEY``. Every other request is signed::

    payload   = f"{timestamp_ms}\\n{METHOD}\\n{path}[?{query}]\\n{bodyhash}"
    signature = lowercase hex HMAC-SHA256(api_secret, payload)
    bodyhash  = lowercase hex SHA-256 of the body bytes, "" when there is no body

The signer reads the request target and body from the outgoing ``httpx.Request`` itself, so
what is signed is exactly what goes on the wire. Order writes under ``/trading/oa/`` also
carry the daily ``X-FH-2FA-TOKEN``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from collections.abc import Callable, Generator

import httpx

from .._inputs import credential
from ..errors import TwoFactorRequired, ValidationError

TIER1_PREFIXES = ("/market/", "/trading/market/", "/trading/securities/", "/fund-trading/public/")
WRITE_METHODS = frozenset({"POST", "PUT", "DELETE"})


def is_tier1(method: str, path: str) -> bool:
    """True when the route needs only the API key (seed 004's ``API_KEY_ONLY`` list)."""
    return method.upper() == "GET" and path.startswith(TIER1_PREFIXES)


def needs_2fa(method: str, path: str) -> bool:
    """True for the order writes that need the daily 2FA session token."""
    return method.upper() in WRITE_METHODS and path.startswith("/trading/oa/")


def body_hash(body: bytes) -> str:
    """Lowercase hex SHA-256 of the body; the empty string when there is no body."""
    return hashlib.sha256(body).hexdigest() if body else ""


def signing_payload(timestamp_ms: str, method: str, target: str, bodyhash: str) -> str:
    """The four lines joined by ``\\n``; no newline after the body hash."""
    return f"{timestamp_ms}\n{method.upper()}\n{target}\n{bodyhash}"


def signature(secret: str, payload: str) -> str:
    """Lowercase hex HMAC-SHA256 of ``payload`` keyed with the API secret."""
    return hmac.new(secret.encode("utf-8"), payload.encode("utf-8"), hashlib.sha256).hexdigest()


def _mask(value: str) -> str:
    return value[:8] + "…" if len(value) > 8 else "…"


class Credentials:
    """API key, secret and 2FA session token, checked when given (printable ASCII, no
    spaces: anything else can never be sent in a header). Never shows the secret or token."""

    __slots__ = ("_secret", "_token", "api_key")

    def __init__(self, api_key: str, api_secret: str | None, two_fa_token: str | None = None):
        self.api_key = credential(api_key, "api_key")
        self._secret = None if api_secret is None else credential(api_secret, "api_secret")
        self._token: str | None = None
        self.two_fa_token = two_fa_token

    @property
    def two_fa_token(self) -> str | None:
        return self._token

    @two_fa_token.setter
    def two_fa_token(self, token: str | None) -> None:
        self._token = None if token is None else credential(token, "two_fa_token")

    @property
    def has_secret(self) -> bool:
        return bool(self._secret)

    def sign(self, payload: str) -> str:
        if not self._secret:
            raise ValidationError(
                "api_secret is required for signed (Tier 2) endpoints: pass api_secret= "
                "or set FINHAY_API_SECRET",
                argument="api_secret",
            )
        return signature(self._secret, payload)

    def __repr__(self) -> str:
        secret = "***" if self._secret else None
        token = "***" if self.two_fa_token else None
        return (
            f"Credentials(api_key={_mask(self.api_key)!r}, api_secret={secret}, "
            f"two_fa_token={token})"
        )


class FinhayAuth(httpx.Auth):
    """An ``httpx.Auth`` that signs each request (each retry too) as Finhay verifies it."""

    requires_request_body = True

    def __init__(
        self,
        credentials: Credentials,
        *,
        clock: Callable[[], float] = time.time,
        nonce: Callable[[], str] = lambda: str(uuid.uuid4()),
    ) -> None:
        self.credentials = credentials
        self._clock = clock
        self._nonce = nonce

    def headers_for(self, method: str, target: str, body: bytes) -> dict[str, str]:
        """The X-FH-* headers for one request, given its exact target and body bytes."""
        method = method.upper()
        path = target.split("?", 1)[0]
        headers = {"X-FH-APIKEY": self.credentials.api_key}
        if is_tier1(method, path):
            return headers
        timestamp = str(int(self._clock() * 1000))
        bodyhash = body_hash(body)
        headers["X-FH-TIMESTAMP"] = timestamp
        headers["X-FH-NONCE"] = self._nonce()
        headers["X-FH-SIGNATURE"] = self.credentials.sign(
            signing_payload(timestamp, method, target, bodyhash)
        )
        if bodyhash:
            headers["X-FH-BODYHASH"] = bodyhash
        if needs_2fa(method, path):
            token = self.credentials.two_fa_token
            if not token:
                raise TwoFactorRequired(
                    "no 2FA session token: run the OTP flow first or pass two_fa_token= "
                    "(or set FINHAY_2FA_TOKEN)",
                    error_code="OTP_SESSION_REQUIRED",
                    method=method,
                    path=path,
                )
            headers["X-FH-2FA-TOKEN"] = token
        return headers

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        target = request.url.raw_path.decode("ascii")
        request.headers.update(self.headers_for(request.method, target, request.content))
        yield request

    def __repr__(self) -> str:
        return f"FinhayAuth({self.credentials!r})"
