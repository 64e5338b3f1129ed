"""DNSE LightSpeed's two layers of authentication (reference §4.2, seed 003), as the sandbox
checks them.

1. **Login** ``POST .../login {username, password}`` — ``username`` is the investor's e-mail
   (any case), phone number or custody code (any case) — → ``{"token": <JWT>}``. The JWT is
   HS256, signed with a secret of this sandbox's own, claims ``{"iss": "vnfin-sandbox",
   "sub": <investorId>, "investorId", "custodyCode", "iat", "exp": iat + 8 h, "jti"}``. A wrong
   username or password: 401 ``{status, code: "UNAUTHORIZED", message}``.
2. **Bearer** on every other call but the chart: ``Authorization: Bearer <JWT>``. Missing,
   malformed, badly signed or expired: 401 ``{"message": ...}`` (``"Invalid signature"``,
   ``"Token expired"``, ``"Missing token"``).
3. **E-mail OTP** ``GET .../api/email-otp`` → the sandbox's ``otp_code`` becomes valid for
   :data:`OTP_LIFETIME` (2 minutes) and for one use; :attr:`Auth.otp_requests` counts the
   calls (no e-mail is sent).
4. **Trading token** ``POST .../order-service/trading-token`` with header ``smart-otp``
   (the sandbox's smart OTP, valid any time, as from an authenticator app) or ``otp`` (the
   e-mailed code) and an empty body → ``{"tradingToken": ...}``, an opaque token valid
   8 hours and bound to the investor. Neither header: 400 ``OTP_REQUIRED``; a wrong, expired
   or used code: 400 ``INVALID_OTP`` (a wrong code does not use up the e-mailed one).
5. **Trading-Token** header on place, cancel, conditional place and cancel and pnl-configs:
   missing, unknown, expired or another investor's → 401 ``{status, code:
   "INVALID_TRADING_TOKEN", message}``. Header names are case-insensitive.

Every time is the server's wall clock, :attr:`Auth.wall_clock` (epoch seconds; a knob).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..replies import Reply
from .envelope import Refusal, ok
from .params import body, field

TOKEN_LIFETIME = 8 * 3600.0  # seconds: the JWT and the trading token [§4.2, seed 003]
OTP_LIFETIME = 120.0  # seconds an e-mailed OTP is valid [seed 003: 2 minutes, single use]
JWT_HEADER = {"alg": "HS256", "typ": "JWT"}


@dataclass(frozen=True)
class Investor:
    """Who may log in: the ids the JWT and the account calls carry."""

    investor_id: str
    name: str
    custody: str
    email: str
    mobile: str


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Auth:
    """The investor's password and second factors; issues and checks JWTs and trading
    tokens. Knobs: ``wall_clock``, ``token_lifetime``, ``trading_lifetime``."""

    def __init__(
        self,
        investor: Investor,
        *,
        password: str,
        otp_code: str,
        smart_otp: str,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.investor = investor
        self._password = password
        self._otp = otp_code
        self._smart = smart_otp
        self._key = secrets.token_bytes(32)
        self.wall_clock = wall_clock
        self.token_lifetime = TOKEN_LIFETIME
        self.trading_lifetime = TOKEN_LIFETIME
        self.otp_requests = 0
        self._otp_issued: float | None = None  # when the e-mailed code became valid
        self._trading: dict[str, tuple[str, float]] = {}  # token → (investor id, expiry)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Auth(investor={self.investor.investor_id!r}, otp_requests={self.otp_requests})"

    # -- JWTs ----------------------------------------------------------------------------

    def _sign(self, signing_input: bytes) -> bytes:
        return hmac.new(self._key, signing_input, hashlib.sha256).digest()

    def issue(self, investor: Investor) -> str:
        now = int(self.wall_clock())
        claims = {
            "iss": "vnfin-sandbox",
            "sub": investor.investor_id,
            "investorId": investor.investor_id,
            "custodyCode": investor.custody,
            "iat": now,
            "exp": now + int(self.token_lifetime),
            "jti": secrets.token_hex(8),
        }
        head = _b64url(json.dumps(JWT_HEADER, separators=(",", ":")).encode())
        payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = f"{head}.{payload}".encode("ascii")
        return f"{head}.{payload}.{_b64url(self._sign(signing_input))}"

    def read(self, token: str) -> dict[str, Any] | None:
        """The claims of a JWT this sandbox signed (HS256), or None."""
        parts = token.split(".")
        if len(parts) != 3 or not token.isascii():
            return None
        try:
            header = json.loads(_unb64url(parts[0]))
            claims = json.loads(_unb64url(parts[1]))
            signature = _unb64url(parts[2])
        except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
            return None
        if not isinstance(header, dict) or header.get("alg") != "HS256":
            return None
        if not isinstance(claims, dict):
            return None
        expected = self._sign(f"{parts[0]}.{parts[1]}".encode("ascii"))
        return claims if hmac.compare_digest(signature, expected) else None

    # -- the endpoints -------------------------------------------------------------------

    def login(self, raw: bytes) -> Reply:
        data = body(raw)
        username, password = field(data, "username"), field(data, "password")
        inv = self.investor
        known = (inv.email.lower(), inv.custody.lower(), inv.mobile)
        name_ok = username.lower() in known[:2] or username == known[2]
        if not (name_ok and _same(password, self._password)):
            raise Refusal("Username or password is incorrect", 401)
        return ok({"token": self.issue(inv)})

    def me(self) -> Reply:
        inv = self.investor
        return ok(
            {
                "id": inv.investor_id,
                "investorId": inv.investor_id,
                "name": inv.name,
                "custodyCode": inv.custody,
                "mobile": inv.mobile,
                "email": inv.email,
                "userName": inv.email,
                "status": "ACTIVE",
                "investorType": "INDIVIDUAL",
                "emailVerified": True,
                "registeredEmailOtp": True,
                "registeredSmartOtp": True,
            }
        )

    def email_otp(self) -> Reply:
        with self._lock:
            self.otp_requests += 1
            self._otp_issued = self.wall_clock()
        return ok({"message": f"An OTP was e-mailed to {self.investor.email}"})

    def trading_token(self, headers: Mapping[str, str], claims: Mapping[str, Any]) -> Reply:
        smart, emailed = headers.get("smart-otp", "").strip(), headers.get("otp", "").strip()
        if smart:
            if not _same(smart, self._smart):
                raise Refusal("The smart OTP is invalid", code="INVALID_OTP")
        elif emailed:
            with self._lock:
                issued = self._otp_issued
                if issued is None:
                    raise Refusal(
                        "No e-mail OTP is pending: request one first (it serves once)",
                        code="INVALID_OTP",
                    )
                if self.wall_clock() >= issued + OTP_LIFETIME:
                    self._otp_issued = None
                    raise Refusal("The e-mail OTP has expired", code="INVALID_OTP")
                if not _same(emailed, self._otp):
                    raise Refusal("The e-mail OTP is invalid", code="INVALID_OTP")
                self._otp_issued = None
        else:
            raise Refusal("A smart-otp or otp header is required", code="OTP_REQUIRED")
        return ok({"tradingToken": self.issue_trading_token(str(claims["sub"]))})

    def issue_trading_token(self, investor_id: str) -> str:
        """A trading token for ``investor_id``, valid :attr:`trading_lifetime` seconds."""
        token = secrets.token_urlsafe(24)
        with self._lock:
            now = self.wall_clock()
            self._trading = {k: v for k, v in self._trading.items() if v[1] > now}
            self._trading[token] = (investor_id, now + self.trading_lifetime)
        return token

    # -- checks on every other call ----------------------------------------------------------

    def bearer(self, headers: Mapping[str, str]) -> dict[str, Any]:
        """The claims of the request's live JWT (else 401 ``{message}``)."""
        scheme, _, token = headers.get("authorization", "").strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Refusal("Missing token", 401, bare=True)
        claims = self.read(token.strip())
        if claims is None:
            raise Refusal("Invalid signature", 401, bare=True)
        expires = claims.get("exp")
        if not isinstance(expires, int) or expires <= self.wall_clock():
            raise Refusal("Token expired", 401, bare=True)
        if claims.get("sub") != self.investor.investor_id:
            raise Refusal("Invalid signature", 401, bare=True)
        return claims

    def trading(self, headers: Mapping[str, str], claims: Mapping[str, Any]) -> None:
        """Refuse (401) unless ``Trading-Token`` is live and the caller's."""
        token = headers.get("trading-token", "").strip()
        if not token:
            raise Refusal("Trading-Token is required", 401, "INVALID_TRADING_TOKEN")
        with self._lock:
            found = self._trading.get(token)
        if found is None:
            raise Refusal("Trading-Token is invalid", 401, "INVALID_TRADING_TOKEN")
        owner, expires = found
        if expires <= self.wall_clock():
            raise Refusal("Trading-Token has expired", 401, "INVALID_TRADING_TOKEN")
        if owner != claims.get("sub"):
            raise Refusal("Trading-Token is not this investor's", 401, "INVALID_TRADING_TOKEN")
