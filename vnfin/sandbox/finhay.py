"""The sandbox's Finhay dialect: verifies requests as the real server does, then answers.

Verification order, per request: API key → (Tier 2) timestamp window ±30 s, body hash,
HMAC signature over the raw request target, nonce replay within 5 minutes → 2FA session for
order writes → rate limit → route. Error envelopes follow reference §1.9; codes the sources
name are used as named (``AUTH_NONCE_REUSED``, ``AUTH_SIGNATURE_INVALID``, ``OTP_SESSION_*``,
``"429"``, ``"400"``); the other ``AUTH_*`` codes are the sandbox's own choice.
Every answer is marked as simulated (header ``X-Vnfin-Sandbox`` and a ``sandbox`` field).
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import math
import random
import secrets
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from ..finhay.auth import body_hash, is_tier1, needs_2fa, signature, signing_payload
from .finhay_routes import Routes
from .replies import SandboxReply, error

TIMESTAMP_WINDOW_MS = 30_000
NONCE_TTL = 300.0


@dataclass
class Faults:
    """Knobs for tests. ``latency`` seconds per request; ``error_rate`` of random 500s;
    ``force_429`` answers the next N requests with 429; ``clock_skew`` seconds added to the
    server clock used to check timestamps."""

    latency: float = 0.0
    error_rate: float = 0.0
    force_429: int = 0
    clock_skew: float = 0.0


@dataclass
class TwoFactorState:
    """OTP tickets and issued session tokens (reference §1.7)."""

    otp_code: str
    tickets: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests_today: int = 0


class FinhayApp:
    """A Finhay Open API server over the simulated market, minus the HTTP plumbing."""

    def __init__(
        self,
        routes: Routes,
        *,
        api_key: str,
        api_secret: str,
        otp_code: str,
        faults: Faults,
        rate_limit: tuple[int, float] = (600, 60.0),
        wall_clock: Callable[[], float] = time.time,
        seed: int = 0,
    ) -> None:
        self.routes = routes
        self.api_key = api_key
        self._secret = api_secret
        self.faults = faults
        self.limit, self.window = rate_limit
        self.wall_clock = wall_clock
        self.two_fa = TwoFactorState(otp_code)
        self._nonces: dict[str, float] = {}
        self._nonce_order: deque[tuple[float, str]] = deque()
        self._hits: deque[float] = deque()
        self._lock = threading.Lock()
        self._chaos = random.Random(seed)
        self.requests_seen = 0

    # -- the pipeline --------------------------------------------------------------------

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> SandboxReply:
        with self._lock:
            self.requests_seen += 1
        method = method.upper()
        path, _, query = target.partition("?")
        now = self.wall_clock()
        refusal = self._verify(method, path, target, headers, body, now)
        if refusal is None and needs_2fa(method, path):
            refusal = self._check_2fa(headers.get("x-fh-2fa-token"), now)
        if refusal is None:
            refusal = self._rate_limit(now)
        if (
            refusal is None
            and self.faults.error_rate
            and self._chaos.random() < self.faults.error_rate
        ):
            refusal = error(500, "500", "Internal server error")
        if refusal is not None:
            return refusal
        params = dict(parse_qsl(query, keep_blank_values=True))
        if path.startswith("/auth/v1/openapi/2fa/"):
            return self._two_factor(path.rsplit("/", 1)[-1], body, now)
        return self.routes.dispatch(method, path, params, body)

    def _verify(
        self,
        method: str,
        path: str,
        target: str,
        headers: Mapping[str, str],
        body: bytes,
        now: float,
    ) -> SandboxReply | None:
        key = headers.get("x-fh-apikey")
        if not key or not hmac.compare_digest(key, self.api_key):
            return error(401, "AUTH_APIKEY_INVALID", "Invalid API key")
        if is_tier1(method, path):
            return None
        ts, nonce, sig = (headers.get(f"x-fh-{h}") for h in ("timestamp", "nonce", "signature"))
        if not ts or not nonce or not sig:
            return error(
                401,
                "AUTH_HEADERS_MISSING",
                "X-FH-TIMESTAMP, X-FH-NONCE and X-FH-SIGNATURE are required",
            )
        if not ts.isdigit():
            return error(401, "AUTH_TIMESTAMP_INVALID", "X-FH-TIMESTAMP must be Unix milliseconds")
        server_ms = (now + self.faults.clock_skew) * 1000
        if abs(int(ts) - server_ms) > TIMESTAMP_WINDOW_MS:
            return error(401, "AUTH_TIMESTAMP_EXPIRED", "Timestamp outside the ±30 s window")
        digest = body_hash(body)
        sent_hash = headers.get("x-fh-bodyhash", "")
        if body and not hmac.compare_digest(sent_hash, digest):
            return error(401, "AUTH_BODYHASH_INVALID", "X-FH-BODYHASH does not match the body")
        if not body and sent_hash:
            return error(401, "AUTH_BODYHASH_INVALID", "X-FH-BODYHASH sent without a body")
        expected = signature(self._secret, signing_payload(ts, method, target, digest))
        if not hmac.compare_digest(sig, expected):
            return error(401, "AUTH_SIGNATURE_INVALID", "Invalid signature")
        with self._lock:
            while self._nonce_order and self._nonce_order[0][0] <= now:
                expiry, old = self._nonce_order.popleft()
                if self._nonces.get(old) == expiry:
                    del self._nonces[old]
            if nonce in self._nonces:
                return error(401, "AUTH_NONCE_REUSED", "Nonce already used")
            self._nonces[nonce] = now + NONCE_TTL
            self._nonce_order.append((now + NONCE_TTL, nonce))
        return None

    def _rate_limit(self, now: float) -> SandboxReply | None:
        with self._lock:
            if self.faults.force_429 > 0:
                self.faults.force_429 -= 1
                return error(
                    429,
                    "429",
                    "Too many requests",
                    headers={"X-RateLimit-Reset": str(math.ceil(now + 1))},
                )
            while self._hits and self._hits[0] <= now - self.window:
                self._hits.popleft()
            if len(self._hits) >= self.limit:
                reset = math.ceil(self._hits[0] + self.window)
                return error(
                    429, "429", "Too many requests", headers={"X-RateLimit-Reset": str(reset)}
                )
            self._hits.append(now)
        return None

    # -- 2FA session (reference §1.7) ----------------------------------------------------

    def _check_2fa(self, token: str | None, now: float) -> SandboxReply | None:
        if not token:
            return error(403, "OTP_SESSION_REQUIRED", "2FA session required")
        info = self.two_fa.tokens.get(token)
        if info is None:
            return error(403, "OTP_SESSION_INVALID", "2FA session invalid")
        if info["revoked"]:
            return error(403, "OTP_SESSION_REVOKED", "2FA session revoked")
        if now > info["expires"]:
            return error(403, "OTP_SESSION_EXPIRED", "2FA session expired")
        return None

    def _two_factor(self, step: str, body: bytes, now: float) -> SandboxReply:
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            return error(400, "400", "Invalid JSON body")
        state = self.two_fa
        if step == "request":
            if data.get("channel") != "EMAIL":
                return error(400, "400", "channel must be EMAIL")
            if state.requests_today >= 5:
                return error(429, "OTP_RATE_LIMIT_EXCEEDED", "5 OTP requests per day used")
            state.requests_today += 1
            ticket = str(uuid.uuid4())
            state.tickets[ticket] = {"expires": now + 300, "attempts": 0}
            return SandboxReply.ok_top(
                {"ticket_id": ticket, "masked_destination": "u***@example.com"}
            )
        if step == "verify":
            pending = state.tickets.get(str(data.get("ticket_id")))
            if pending is None or now > pending["expires"]:
                return error(400, "OTP_INVALID", "Unknown or expired ticket")
            if pending["attempts"] >= 3:
                return error(400, "OTP_LOCKED", "Ticket locked after 3 wrong codes")
            if not hmac.compare_digest(str(data.get("otp_code")), state.otp_code):
                pending["attempts"] += 1
                return error(
                    400, "OTP_INVALID", f"Wrong OTP, {3 - pending['attempts']} attempts left"
                )
            del state.tickets[str(data["ticket_id"])]
            local = dt.datetime.fromtimestamp(now, dt.timezone(dt.timedelta(hours=7)))
            end = local.replace(hour=23, minute=59, second=59, microsecond=0)
            token = "fh2fa." + secrets.token_urlsafe(32)
            state.tokens[token] = {"expires": end.timestamp(), "revoked": False}
            return SandboxReply.ok_top({
                "session_token": token,
                "expires_at": end.isoformat(timespec="milliseconds"),
                "expires_at_epoch": int(end.timestamp()),
            })  # fmt: skip
        if step == "revoke":
            info = state.tokens.get(str(data.get("session_token")))
            if info is None:
                return error(400, "OTP_SESSION_INVALID", "Unknown session token")
            info["revoked"] = True
            return SandboxReply.ok_top({})
        return error(404, "404", "Not found")
