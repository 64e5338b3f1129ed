"""The Finhay 2FA rules (reference §1.7) on the sandbox's OTP flow, with a controlled clock:
5 requests a day (a day of the market clock), 5-minute tickets, 3 wrong codes lock a ticket,
sessions end at 23:59:59 Vietnam time of the market's day, revoked sessions stop working; the
answers' shapes on the wire (top-level fields, or the envelope knob); and the OTP that
``python -m vnfin.sandbox`` prints."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import subprocess
import sys
import time
import uuid
from typing import Any

import httpx
import pytest

from vnfin.sandbox import Sandbox
from vnfin.sandbox.finhay.envelope import Refusal
from vnfin.sandbox.finhay.twofa import PREFIX, TwoFactor

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


# -- the market clock sets the day -------------------------------------------------------------


class Clock:
    """A settable market clock."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_daily_quota_starts_again_at_the_market_clocks_midnight() -> None:
    market = Clock(NOON)
    two_fa = TwoFactor("123456", market_clock=market)
    for _ in range(5):
        call(two_fa, "request", {"channel": "EMAIL"})
    assert refusal(two_fa, "request", {"channel": "EMAIL"}) == (429, "OTP_RATE_LIMIT_EXCEEDED")
    market.now = NOON + 11 * 3600 + 59 * 60  # 23:59 the same day
    assert refusal(two_fa, "request", {"channel": "EMAIL"}) == (429, "OTP_RATE_LIMIT_EXCEEDED")
    market.now = NOON + 12 * 3600  # midnight, Vietnam time
    for _ in range(5):
        call(two_fa, "request", {"channel": "EMAIL"})  # the wall clock has not moved
    assert refusal(two_fa, "request", {"channel": "EMAIL"}) == (429, "OTP_RATE_LIMIT_EXCEEDED")


def test_a_session_ends_with_the_market_clocks_day() -> None:
    market = Clock(NOON)
    two_fa = TwoFactor("123456", market_clock=market)
    token = session(two_fa)
    market.now = NOON + 12 * 3600 - 1  # 23:59:59
    two_fa.check(token, NOON)
    market.now = NOON + 12 * 3600
    with pytest.raises(Refusal) as info:
        two_fa.check(token, NOON)  # the wall clock says noon; the market says tomorrow
    assert info.value.code == "OTP_SESSION_EXPIRED"


# -- on the wire ---------------------------------------------------------------------------------


def test_answers_carry_their_fields_at_the_top_level(wire: Any, sandbox: Sandbox) -> None:
    r = wire.send("POST", f"{PREFIX}request", {"channel": "EMAIL"})
    assert r.status_code == 200 and set(r.json()) == {"ticket_id", "masked_destination", "sandbox"}
    body = {"ticket_id": r.json()["ticket_id"], "otp_code": sandbox.otp_code}
    verified = wire.send("POST", f"{PREFIX}verify", body).json()
    assert set(verified) == {"session_token", "expires_at", "expires_at_epoch", "sandbox"}
    assert verified["expires_at"] == "2026-11-20T23:59:59.000+07:00"  # the market's day
    revoked = wire.send("POST", f"{PREFIX}revoke", {"session_token": verified["session_token"]})
    assert revoked.status_code == 200 and set(revoked.json()) == {"sandbox"}
    wrong = wire.send("POST", f"{PREFIX}verify", {"ticket_id": "x", "otp_code": "1"})
    assert (wrong.status_code, wrong.json()["error_code"]) == (400, "OTP_INVALID")


def test_the_envelope_knob(wire: Any, sandbox: Sandbox) -> None:
    sandbox.finhay_app.two_fa.enveloped = True
    r = wire.send("POST", f"{PREFIX}request", {"channel": "EMAIL"}).json()
    assert (r["error_code"], r["message"]) == ("0", "success")
    assert set(r["data"]) == {"ticket_id", "masked_destination"} and "ticket_id" not in r
    verified = wire.send(
        "POST",
        f"{PREFIX}verify",
        {"ticket_id": r["data"]["ticket_id"], "otp_code": sandbox.otp_code},
    ).json()
    assert verified["error_code"] == "0" and "session_token" in verified["data"]
    revoked = wire.send(
        "POST", f"{PREFIX}revoke", {"session_token": verified["data"]["session_token"]}
    ).json()
    assert revoked["error_code"] == "0" and revoked["data"] == {}


def test_the_quota_and_the_session_follow_sandbox_now(wire: Any, sandbox: Sandbox) -> None:
    # The fixture logged in once: one request of five used.
    for _ in range(4):
        assert wire.send("POST", f"{PREFIX}request", {"channel": "EMAIL"}).status_code == 200
    late = wire.send("POST", f"{PREFIX}request", {"channel": "EMAIL"})
    assert (late.status_code, late.json()["error_code"]) == (429, "OTP_RATE_LIMIT_EXCEEDED")
    orders = "/trading/oa/sub-accounts/0001234569/orders/1"
    body = {"sub_account": "120C001234.4"}
    assert wire.send("DELETE", orders, body).status_code == 404  # session alive, no order 1
    sandbox.now = "2026-11-21 00:00"
    expired = wire.send("DELETE", orders, body)
    assert (expired.status_code, expired.json()["error_code"]) == (403, "OTP_SESSION_EXPIRED")
    wire.login()  # a new day: a new quota
    assert wire.send("DELETE", orders, body).status_code == 404


def test_python_m_vnfin_sandbox_prints_the_otp() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "vnfin.sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(6)]
        printed = dict(line.strip().split("=", 1) for line in lines if "=" in line)
        otp = next(line for line in lines if line.startswith("OTP code"))
        assert re.fullmatch(r"OTP code for the 2FA flow: [0-9]{6}\n", otp)
        assert set(printed) == {"FINHAY_BASE_URL", "FINHAY_API_KEY", "FINHAY_API_SECRET"}
        # ... and it is the code this server takes
        key, secret = printed["FINHAY_API_KEY"], printed["FINHAY_API_SECRET"]
        with httpx.Client(base_url=printed["FINHAY_BASE_URL"]) as client:

            def post(step: str, body: dict[str, str]) -> Any:
                raw = json.dumps(body).encode()
                target = f"{PREFIX}{step}"
                ts, digest = str(int(time.time() * 1000)), hashlib.sha256(raw).hexdigest()
                payload = f"{ts}\nPOST\n{target}\n{digest}".encode()
                headers = {
                    "X-FH-APIKEY": key,
                    "X-FH-TIMESTAMP": ts,
                    "X-FH-NONCE": str(uuid.uuid4()),
                    "X-FH-SIGNATURE": hmac.new(secret.encode(), payload, "sha256").hexdigest(),
                    "X-FH-BODYHASH": digest,
                }
                return client.post(target, content=raw, headers=headers).json()

            ticket = post("request", {"channel": "EMAIL"})["ticket_id"]
            session = post("verify", {"ticket_id": ticket, "otp_code": otp.split(": ")[1].strip()})
            assert session["session_token"].startswith("fh2fa.")
    finally:
        process.terminate()
        process.wait(timeout=10)
