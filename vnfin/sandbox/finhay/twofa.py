"""Finhay's 2FA session for order writes (reference §1.7), as the sandbox runs it.

``POST /auth/v1/openapi/2fa/request`` ``{"channel": "EMAIL"}`` → ``ticket_id`` (5 requests a
day; a ticket lives 5 minutes); ``/verify`` ``{"ticket_id", "otp_code"}`` → ``session_token``
valid until 23:59:59 Vietnam time (3 wrong codes lock the ticket); ``/revoke``
``{"session_token"}``. The OTP is :attr:`vnfin.sandbox.Sandbox.otp_code` (no e-mail is sent).
An order write without a valid token is refused with 403 ``OTP_SESSION_REQUIRED``,
``_INVALID``, ``_REVOKED`` or ``_EXPIRED``. Answers put their fields at the top level. A body
that is not a UTF-8 JSON object (RFC 8259) is a 400; the steps take POST only.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import secrets
import uuid
from typing import Any

from ..replies import Reply
from ..world.clock import VN_TZ
from .envelope import Refusal, ok_top

PREFIX = "/auth/v1/openapi/2fa/"
STEPS = ("request", "verify", "revoke")
REQUESTS_PER_DAY = 5
TICKET_TTL = 300.0  # seconds
ATTEMPTS = 3


def methods(step: str) -> frozenset[str]:
    """The methods ``{PREFIX}{step}`` answers: POST for the three steps, none otherwise."""
    return frozenset({"POST"}) if step in STEPS else frozenset()


def _json_object(body: bytes) -> dict[str, Any]:
    """The body as a JSON object (UTF-8, RFC 8259); anything else is a 400."""
    try:
        data = json.loads(body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refusal("Invalid JSON body: expected a UTF-8 JSON object") from None
    if not isinstance(data, dict):
        raise Refusal("Invalid JSON body: expected a UTF-8 JSON object")
    return data


class TwoFactor:
    """OTP tickets and the session tokens issued for one API key."""

    def __init__(self, otp_code: str) -> None:
        self.otp_code = otp_code
        self.tickets: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.requests_today = 0

    def check(self, token: str | None, now: float) -> None:
        """Refuse an order write unless ``token`` is a live session token."""
        if not token:
            raise Refusal("2FA session required", 403, "OTP_SESSION_REQUIRED")
        info = self.tokens.get(token)
        if info is None:
            raise Refusal("2FA session invalid", 403, "OTP_SESSION_INVALID")
        if info["revoked"]:
            raise Refusal("2FA session revoked", 403, "OTP_SESSION_REVOKED")
        if now > info["expires"]:
            raise Refusal("2FA session expired", 403, "OTP_SESSION_EXPIRED")

    def handle(self, step: str, body: bytes, now: float) -> Reply:
        """Answer ``POST {PREFIX}{step}`` (request, verify or revoke)."""
        data = _json_object(body)
        if step == "request":
            return self._request(data, now)
        if step == "verify":
            return self._verify(data, now)
        if step == "revoke":
            info = self.tokens.get(str(data.get("session_token")))
            if info is None:
                raise Refusal("Unknown session token", 400, "OTP_SESSION_INVALID")
            info["revoked"] = True
            return ok_top({})
        raise Refusal("Not found", 404)

    def _request(self, data: dict[str, Any], now: float) -> Reply:
        if data.get("channel") != "EMAIL":
            raise Refusal("channel must be EMAIL")
        if self.requests_today >= REQUESTS_PER_DAY:
            raise Refusal("5 OTP requests per day used", 429, "OTP_RATE_LIMIT_EXCEEDED")
        self.requests_today += 1
        ticket = str(uuid.uuid4())
        self.tickets[ticket] = {"expires": now + TICKET_TTL, "attempts": 0}
        return ok_top({"ticket_id": ticket, "masked_destination": "u***@example.com"})

    def _verify(self, data: dict[str, Any], now: float) -> Reply:
        ticket = str(data.get("ticket_id"))
        pending = self.tickets.get(ticket)
        if pending is None or now > pending["expires"]:
            raise Refusal("Unknown or expired ticket", 400, "OTP_INVALID")
        if pending["attempts"] >= ATTEMPTS:
            raise Refusal("Ticket locked after 3 wrong codes", 400, "OTP_LOCKED")
        if not hmac.compare_digest(str(data.get("otp_code")).encode(), self.otp_code.encode()):
            pending["attempts"] += 1
            left = ATTEMPTS - pending["attempts"]
            raise Refusal(f"Wrong OTP, {left} attempts left", 400, "OTP_INVALID")
        del self.tickets[ticket]
        local = dt.datetime.fromtimestamp(now, VN_TZ)
        end = local.replace(hour=23, minute=59, second=59, microsecond=0)
        token = "fh2fa." + secrets.token_urlsafe(32)
        self.tokens[token] = {"expires": end.timestamp(), "revoked": False}
        return ok_top(
            {
                "session_token": token,
                "expires_at": end.isoformat(timespec="milliseconds"),
                "expires_at_epoch": int(end.timestamp()),
            }
        )
