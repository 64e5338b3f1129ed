"""Finhay request verification, written from the reference (§1.1–§1.6) and seed 004 — the
sandbox's own implementation, so a client that signs wrongly is refused here.

Tier 1 (seed 004's ``API_KEY_ONLY``): a GET under ``/market/``, ``/trading/market/``,
``/trading/securities/`` or ``/fund-trading/public/`` needs only ``X-FH-APIKEY``. Every other
request is Tier 2 and carries ``X-FH-TIMESTAMP`` (Unix ms, within ±30 s of the server
clock), ``X-FH-NONCE`` (not seen in the last 5 minutes), ``X-FH-BODYHASH`` when it has a
body, and ``X-FH-SIGNATURE`` over four lines joined by ``\\n``::

    {timestamp}\\n{METHOD}\\n{path}[?{query}]\\n{body hash}

``path[?query]`` is the request target exactly as received (``?`` only when there is a
query); the body hash is the lowercase hex SHA-256 of the body bytes, the empty string when
there is no body (so a body-less payload ends with ``\\n``), with nothing after it. The
signature is the lowercase hex HMAC-SHA256 of the payload keyed with the API secret.

Refusals (HTTP 401): ``AUTH_SIGNATURE_INVALID`` and ``AUTH_NONCE_REUSED`` as the sources name
them; ``AUTH_APIKEY_INVALID``, ``AUTH_HEADERS_MISSING``, ``AUTH_TIMESTAMP_INVALID``,
``AUTH_TIMESTAMP_EXPIRED`` and ``AUTH_BODYHASH_INVALID`` are the sandbox's own names.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import deque
from collections.abc import Mapping

from .envelope import Refusal

API_KEY_ONLY = ("/market/", "/trading/market/", "/trading/securities/", "/fund-trading/public/")
ORDER_WRITES = frozenset({"POST", "PUT", "DELETE"})
ORDER_PREFIX = "/trading/oa/"  # order writes here also need the daily 2FA session (§1.7)
TIMESTAMP_WINDOW_MS = 30_000
TIMESTAMP_DIGITS = 16  # Unix ms has 13 digits until the year 2286
NONCE_TTL = 300.0  # seconds


def api_key_only(method: str, path: str) -> bool:
    """True for a Tier 1 request: a GET on a public market-data prefix."""
    return method == "GET" and path.startswith(API_KEY_ONLY)


def needs_2fa(method: str, path: str) -> bool:
    """True for an order write (POST, PUT or DELETE under ``/trading/oa/``)."""
    return method in ORDER_WRITES and path.startswith(ORDER_PREFIX)


def body_hash(body: bytes) -> str:
    """Lowercase hex SHA-256 of the body bytes; ``""`` for an empty body."""
    return hashlib.sha256(body).hexdigest() if body else ""


def signing_payload(timestamp: str, method: str, target: str, bodyhash: str) -> str:
    """The four payload lines: timestamp, upper-case method, path[?query], body hash."""
    path, _, query = target.partition("?")
    path_and_query = f"{path}?{query}" if query else path
    return f"{timestamp}\n{method.upper()}\n{path_and_query}\n{bodyhash}"


def signature(secret: str, payload: str) -> str:
    """Lowercase hex HMAC-SHA256 of ``payload`` keyed with the secret (both UTF-8)."""
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def _same(sent: str, expected: str) -> bool:
    """Constant-time comparison that also copes with non-ASCII header values."""
    return hmac.compare_digest(sent.encode(), expected.encode())


class Verifier:
    """Checks the API key and, on Tier 2, timestamp, body hash, signature and nonce."""

    def __init__(self, api_key: str, api_secret: str) -> None:
        self.api_key = api_key
        self._secret = api_secret
        self._nonces: dict[str, float] = {}  # nonce → when it may be used again
        self._expiry: deque[tuple[float, str]] = deque()
        self._lock = threading.Lock()

    def verify(
        self,
        method: str,
        target: str,
        headers: Mapping[str, str],
        body: bytes,
        now: float,
        skew: float = 0.0,
    ) -> None:
        """Raise :class:`Refusal` unless the request is authentic. ``headers`` have
        lower-case names; ``now`` is the server clock in seconds, ``skew`` an offset added
        to it for the timestamp check only."""
        key = headers.get("x-fh-apikey")
        if not key or not _same(key, self.api_key):
            raise Refusal("Invalid API key", 401, "AUTH_APIKEY_INVALID")
        if api_key_only(method, target.partition("?")[0]):
            return
        ts, nonce, sig = (headers.get(f"x-fh-{h}") for h in ("timestamp", "nonce", "signature"))
        if not ts or not nonce or not sig:
            raise Refusal(
                "X-FH-TIMESTAMP, X-FH-NONCE and X-FH-SIGNATURE are required",
                401,
                "AUTH_HEADERS_MISSING",
            )
        if not (ts.isascii() and ts.isdigit() and len(ts) <= TIMESTAMP_DIGITS):
            raise Refusal("X-FH-TIMESTAMP must be Unix milliseconds", 401, "AUTH_TIMESTAMP_INVALID")
        if abs(int(ts) - (now + skew) * 1000) > TIMESTAMP_WINDOW_MS:
            raise Refusal("Timestamp outside the ±30 s window", 401, "AUTH_TIMESTAMP_EXPIRED")
        digest = body_hash(body)
        sent = headers.get("x-fh-bodyhash", "")
        if body and not _same(sent, digest):
            raise Refusal("X-FH-BODYHASH does not match the body", 401, "AUTH_BODYHASH_INVALID")
        if not body and sent:
            raise Refusal("X-FH-BODYHASH sent without a body", 401, "AUTH_BODYHASH_INVALID")
        expected = signature(self._secret, signing_payload(ts, method, target, digest))
        if not _same(sig, expected):
            raise Refusal("Invalid signature", 401, "AUTH_SIGNATURE_INVALID")
        self._remember(nonce, now)

    def _remember(self, nonce: str, now: float) -> None:
        with self._lock:
            while self._expiry and self._expiry[0][0] <= now:
                expiry, old = self._expiry.popleft()
                if self._nonces.get(old) == expiry:
                    del self._nonces[old]
            if nonce in self._nonces:
                raise Refusal("Nonce already used", 401, "AUTH_NONCE_REUSED")
            self._nonces[nonce] = now + NONCE_TTL
            self._expiry.append((now + NONCE_TTL, nonce))
