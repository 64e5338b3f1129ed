"""The Finhay 2FA rules (reference §1.7) on the sandbox's OTP flow, with a controlled clock:
5 requests a day, 5-minute tickets, 3 wrong codes lock a ticket, sessions end at 23:59:59
Vietnam time, revoked sessions stop working."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from vnfin.sandbox.finhay.envelope import Refusal
from vnfin.sandbox.finhay.twofa import TwoFactor

VN = dt.timezone(dt.timedelta(hours=7))
NOON = dt.datetime(2026, 11, 20, 12, 0, tzinfo=VN).timestamp()


def call(two_fa: TwoFactor, step: str, body: dict[str, Any], now: float = NOON) -> Any:
    return two_fa.handle(step, json.dumps(body).encode(), now).body


def refusal(two_fa: TwoFactor, step: str, body: Any, now: float = NOON) -> tuple[int, str]:
    with pytest.raises(Refusal) as info:
        two_fa.handle(step, json.dumps(body).encode(), now)
    return info.value.status, info.value.code


def session(two_fa: TwoFactor) -> str:
    ticket = call(two_fa, "request", {"channel": "EMAIL"})["ticket_id"]
    token = call(two_fa, "verify", {"ticket_id": ticket, "otp_code": "123456"})
    return str(token["session_token"])


def test_a_session_lasts_until_the_end_of_the_vietnam_day() -> None:
    two_fa = TwoFactor("123456")
    ticket = call(two_fa, "request", {"channel": "EMAIL"})
    assert set(ticket) >= {"ticket_id", "masked_destination"}  # top-level fields
    token = call(two_fa, "verify", {"ticket_id": ticket["ticket_id"], "otp_code": "123456"})
    assert token["expires_at"] == "2026-11-20T23:59:59.000+07:00"
    assert token["expires_at_epoch"] == int(
        dt.datetime(2026, 11, 20, 23, 59, 59, tzinfo=VN).timestamp()
    )
    two_fa.check(token["session_token"], token["expires_at_epoch"])
    with pytest.raises(Refusal) as expired:
        two_fa.check(token["session_token"], token["expires_at_epoch"] + 1)
    assert (expired.value.status, expired.value.code) == (403, "OTP_SESSION_EXPIRED")


def test_missing_forged_and_revoked_sessions() -> None:
    two_fa = TwoFactor("123456")
    for token, code in ((None, "OTP_SESSION_REQUIRED"), ("fh2fa.forged", "OTP_SESSION_INVALID")):
        with pytest.raises(Refusal) as info:
            two_fa.check(token, NOON)
        assert (info.value.status, info.value.code) == (403, code)
    token = session(two_fa)
    call(two_fa, "revoke", {"session_token": token})
    with pytest.raises(Refusal) as info:
        two_fa.check(token, NOON)
    assert info.value.code == "OTP_SESSION_REVOKED"
    assert refusal(two_fa, "revoke", {"session_token": "nope"}) == (400, "OTP_SESSION_INVALID")


def test_three_wrong_codes_lock_the_ticket() -> None:
    two_fa = TwoFactor("123456")
    ticket = call(two_fa, "request", {"channel": "EMAIL"})["ticket_id"]
    for _ in range(3):
        assert refusal(two_fa, "verify", {"ticket_id": ticket, "otp_code": "000000"}) == (
            400,
            "OTP_INVALID",
        )
    right = {"ticket_id": ticket, "otp_code": "123456"}
    assert refusal(two_fa, "verify", right) == (400, "OTP_LOCKED")


def test_a_ticket_lives_five_minutes_and_serves_once() -> None:
    two_fa = TwoFactor("123456")
    ticket = call(two_fa, "request", {"channel": "EMAIL"})["ticket_id"]
    right = {"ticket_id": ticket, "otp_code": "123456"}
    assert refusal(two_fa, "verify", right, NOON + 301) == (400, "OTP_INVALID")
    call(two_fa, "verify", right, NOON + 300)
    assert refusal(two_fa, "verify", right) == (400, "OTP_INVALID")  # used up


def test_five_otp_requests_a_day() -> None:
    two_fa = TwoFactor("123456")
    for _ in range(5):
        call(two_fa, "request", {"channel": "EMAIL"})
    assert refusal(two_fa, "request", {"channel": "EMAIL"}) == (429, "OTP_RATE_LIMIT_EXCEEDED")


@pytest.mark.parametrize(
    ("step", "body"), [("request", {"channel": "SMS"}), ("request", [1]), ("verify", "x")]
)
def test_bad_bodies_are_400(step: str, body: Any) -> None:
    assert refusal(TwoFactor("123456"), step, body) == (400, "400")


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b'{"channel": "EMAIL"}\xff',  # not UTF-8
        b"\xff\xfe{\x00}\x00",  # UTF-16 JSON: json.loads(bytes) would take it
        b"[" * 100_000 + b"]" * 100_000,  # nested deeper than the parser's recursion
        b'"EMAIL"',
    ],
)
def test_broken_json_is_400(body: bytes) -> None:
    with pytest.raises(Refusal) as info:
        TwoFactor("123456").handle("request", body, NOON)
    expected = (400, "Invalid JSON body: expected a UTF-8 JSON object")
    assert (info.value.status, info.value.message) == expected


def test_unknown_steps() -> None:
    assert refusal(TwoFactor("123456"), "other", {}) == (404, "404")
