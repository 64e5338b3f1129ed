"""Finhay's 2FA session for order writes (reference §1.7), as the sandbox runs it.

``POST /auth/v1/openapi/2fa/request`` ``{"channel": "EMAIL"}`` → ``ticket_id`` and
``masked_destination``; ``/verify`` ``{"ticket_id", "otp_code"}`` → ``session_token``,
``expires_at``, ``expires_at_epoch``; ``/revoke`` ``{"session_token"}`` → no fields. The OTP
is :attr:`vnfin.sandbox.Sandbox.otp_code` (no e-mail is sent).

**Answers** carry their fields at the top level with no ``error_code`` — the way Finhay's own
CLI reads them (``jq '.ticket_id'``) — plus the sandbox notice. Set :attr:`TwoFactor.enveloped`
(``sb.finhay_app.two_fa.enveloped = True``) to answer in the standard envelope instead:
``{"error_code": "0", "message": "success", "data": {...}}``. Refusals are error envelopes.

**Limits.** 5 OTP requests a day (the market clock's Vietnam date: the count starts again at
its midnight; 429 ``OTP_RATE_LIMIT_EXCEEDED``); a ticket lives 5 minutes of real time and
serves once; 3 wrong codes lock it (400 ``OTP_LOCKED``; a wrong code is 400 ``OTP_INVALID``
with the attempts left). A session lasts until 23:59:59 +07:00 of the market clock's day it
was issued on, so moving ``Sandbox.now`` to a later day expires it. An order write without a
live token is refused with 403 ``OTP_SESSION_REQUIRED``, ``_INVALID``, ``_REVOKED`` or
``_EXPIRED``. A body that is not a UTF-8 JSON object (RFC 8259) is a 400; the steps take POST
only.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
import uuid
from collections.abc import Callable
from typing import Any

from ..replies import Reply
from ..world.clock import VN_TZ
from .envelope import Refusal, ok, ok_top
from .params import json_object

PREFIX = "/auth/v1/openapi/2fa/"
STEPS = ("request", "verify", "revoke")
REQUESTS_PER_DAY = 5
TICKET_TTL = 300.0  # seconds
ATTEMPTS = 3


def methods(step: str) -> frozenset[str]:
    """The methods ``{PREFIX}{step}`` answers: POST for the three steps, none otherwise."""
    return frozenset({"POST"}) if step in STEPS else frozenset()


class TwoFactor:
    """OTP tickets and the session tokens issued for one API key.

    ``market_clock()`` is the market's "now" (epoch seconds), which sets the day of the
    request quota and of session expiry; without one, the ``now`` each call is given serves
    for both. Tickets expire by the ``now`` of each call (the server's own clock).
    """

    enveloped: bool = False  # True: answers in {"error_code":"0","data":{...}}

    def __init__(self, otp_code: str, market_clock: Callable[[], float] | None = None) -> None:
        self.otp_code = otp_code
        self.market_clock = market_clock
        self.tickets: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.requests: dict[dt.date, int] = {}  # OTP requests per market day

    def _market(self, now: float) -> float:
        return now if self.market_clock is None else self.market_clock()

    def check(self, token: str | None, now: float) -> None:
        """Refuse an order write unless ``token`` is a live session token."""
        if not token:
            raise Refusal("2FA session required", 403, "OTP_SESSION_REQUIRED")
        info = self.tokens.get(token)
        if info is None:
            raise Refusal("2FA session invalid", 403, "OTP_SESSION_INVALID")
        if info["revoked"]:
            raise Refusal("2FA session revoked", 403, "OTP_SESSION_REVOKED")
        if self._market(now) > info["expires"]:
            raise Refusal("2FA session expired", 403, "OTP_SESSION_EXPIRED")

    def handle(self, step: str, body: bytes, now: float) -> Reply:
        """Answer ``POST {PREFIX}{step}`` (request, verify or revoke)."""
        data = json_object(body)
        if step == "request":
            return self._request(data, now)
        if step == "verify":
            return self._verify(data, now)
        if step == "revoke":
            info = self.tokens.get(str(data.get("session_token")))
            if info is None:
                raise Refusal("Unknown session token", 400, "OTP_SESSION_INVALID")
            info["revoked"] = True
            return self._answer({})
        raise Refusal("Not found", 404)

    def _answer(self, fields: dict[str, Any]) -> Reply:
        return ok("data", fields) if self.enveloped else ok_top(fields)

    def _request(self, data: dict[str, Any], now: float) -> Reply:
        if data.get("channel") != "EMAIL":
            raise Refusal("channel must be EMAIL")
        day = dt.datetime.fromtimestamp(self._market(now), VN_TZ).date()
        if self.requests.get(day, 0) >= REQUESTS_PER_DAY:
            raise Refusal("5 OTP requests per day used", 429, "OTP_RATE_LIMIT_EXCEEDED")
        self.requests = {day: self.requests.get(day, 0) + 1}  # earlier days are done with
        ticket = str(uuid.uuid4())
        self.tickets[ticket] = {"expires": now + TICKET_TTL, "attempts": 0}
        return self._answer({"ticket_id": ticket, "masked_destination": "u***@example.com"})

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
        local = dt.datetime.fromtimestamp(self._market(now), VN_TZ)
        end = local.replace(hour=23, minute=59, second=59, microsecond=0)
        token = "fh2fa." + secrets.token_urlsafe(32)
        self.tokens[token] = {"expires": end.timestamp(), "revoked": False}
        return self._answer(
            {
                "session_token": token,
                "expires_at": end.isoformat(timespec="milliseconds"),
                "expires_at_epoch": int(end.timestamp()),
            }
        )
