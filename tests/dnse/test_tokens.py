"""The JWT and the trading token over time, with a fake clock (reference §4.2, seed 003): the
JWT is renewed by logging in again before its ``exp``; a read refused with 401 logs in again
once; a write refused with 401 is TwoFactorRequired and never retried; a trading token that
expired (8 h) is refused before anything is sent."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import vnfin
from vnfin.dnse import DNSE, tokens

from .conftest import SMART_OTP, FakeDNSE, jwt

Make = Callable[..., DNSE]
HOUR = 3600.0


class Clock:
    def __init__(self, start: float = 1_795_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch, fake: FakeDNSE) -> Clock:
    """One fake clock for the client's tokens and the fake server's JWTs."""
    shared = Clock()
    monkeypatch.setattr(tokens, "now", shared)
    fake.clock = shared
    return shared


def bearer_of(fake: FakeDNSE, index: int) -> str:
    return str(fake.requests[index].headers.get("Authorization", ""))


def test_jwt_expiry_is_read_without_verifying() -> None:
    assert tokens.jwt_expiry(jwt(1_800_000_000)) == 1_800_000_000.0
    assert tokens.jwt_expiry(jwt(1_800_000_000.5, sub="x")) == 1_800_000_000.5
    assert tokens.jwt_expiry(jwt(None)) is None
    assert tokens.jwt_expiry(jwt(True)) is None  # type: ignore[arg-type]
    assert tokens.jwt_expiry("opaque-token") is None
    assert tokens.jwt_expiry("a.!!!.c") is None
    assert tokens.expiry("opaque-token", 1000.0) == 1000.0 + 8 * HOUR


def test_the_jwt_is_reused_then_renewed_by_logging_in_again_before_exp(
    fake: FakeDNSE, make: Make, clock: Clock
) -> None:
    dnse = make()
    expires = dnse.auth.login()
    assert expires == tokens._stamp(clock.now + 8 * HOUR) and fake.logins == 1
    dnse.account.accounts()
    clock.now += 7 * HOUR + 50 * 60  # 10 minutes left: still used
    dnse.account.balance()
    assert fake.logins == 1
    clock.now += 6 * 60  # 4 minutes left: inside the 5 minutes vnfin keeps in hand
    dnse.account.me()
    assert fake.logins == 2
    me = fake.sent("GET", "/user-service/api/me")[-1]
    assert me.headers["Authorization"] == f"Bearer {fake.bearers[1]}"
    assert fake.bearers[0] != fake.bearers[1]


def test_a_read_refused_with_401_logs_in_again_once(fake: FakeDNSE, make: Make) -> None:
    dnse = make()
    dnse.account.accounts()
    fake.expire_jwt = 1
    assert len(dnse.account.accounts()) == 2
    assert fake.logins == 2 and len(fake.sent("GET", "/order-service/accounts")) == 3


def test_a_read_refused_twice_is_an_auth_error_not_a_loop(fake: FakeDNSE, make: Make) -> None:
    dnse = make()
    dnse.account.accounts()
    fake.expire_jwt = 5
    with pytest.raises(vnfin.AuthError) as info:
        dnse.account.accounts()
    assert type(info.value) is vnfin.AuthError and info.value.message == "Invalid signature"
    assert fake.logins == 2 and len(fake.sent("GET", "/order-service/accounts")) == 3


def test_a_wrong_password_is_an_auth_error(fake: FakeDNSE, make: Make) -> None:
    dnse = make(password="not-the-password")
    with pytest.raises(vnfin.AuthError, match="Username or password is incorrect"):
        dnse.account.accounts()
    assert fake.logins == 0 and fake.sent("GET", "/order-service/accounts") == []


def test_a_write_refused_with_401_is_two_factor_required_and_not_retried(
    fake: FakeDNSE, make: Make
) -> None:
    dnse = make(max_retries=3)
    dnse.auth.trading_token(SMART_OTP)
    fake.valid_trading_token = "rotated-by-the-server"
    with pytest.raises(vnfin.TwoFactorRequired) as info:
        dnse.orders.place("VNM", "BUY", 100, 68500)
    assert info.value.error_code == "INVALID_TRADING_TOKEN"
    assert len(fake.sent("POST", "/order-service/v2/orders")) == 1
    assert fake.logins == 1  # the JWT was not the problem: no new login
    assert dnse.trading_token_expires_at is None  # the refused token is dropped
    with pytest.raises(vnfin.TwoFactorRequired, match="need a trading token"):
        dnse.orders.place("VNM", "BUY", 100, 68500)
    assert len(fake.sent("POST", "/order-service/v2/orders")) == 1


def test_a_refused_otp_is_two_factor_required_and_sent_once(fake: FakeDNSE, make: Make) -> None:
    dnse = make(max_retries=3)
    with pytest.raises(vnfin.TwoFactorRequired) as info:
        dnse.auth.trading_token("999999")
    assert info.value.error_code == "INVALID_OTP"
    assert len(fake.sent("POST", "/order-service/trading-token")) == 1
    assert dnse.trading_token_expires_at is None


def test_the_trading_token_lasts_eight_hours(fake: FakeDNSE, make: Make, clock: Clock) -> None:
    dnse = make()
    expires = dnse.auth.trading_token(SMART_OTP)
    assert expires == tokens._stamp(clock.now + 8 * HOUR)
    clock.now += 8 * HOUR - 60
    dnse.orders.place("VNM", "BUY", 100, 68500)
    clock.now += 45  # 15 s left: could expire in flight, so it is not sent
    sent = len(fake.requests)
    with pytest.raises(vnfin.TwoFactorRequired, match="expired") as info:
        dnse.orders.place("VNM", "BUY", 100, 68500)
    assert info.value.error_code == "TRADING_TOKEN_EXPIRED"
    assert len(fake.requests) == sent and dnse.trading_token_expires_at is None


@pytest.mark.parametrize("code", ["12 34", "", "１２３４５６", "x" * 33, None, True])
def test_malformed_otps_are_refused_without_echo(fake: FakeDNSE, make: Make, code: object) -> None:
    with pytest.raises(vnfin.ValidationError) as info:
        make().auth.trading_token(code)  # type: ignore[arg-type]
    assert info.value.argument == "code" and fake.requests == []
    if isinstance(code, str) and code:
        assert code not in str(info.value)


def test_an_unknown_otp_method_is_refused(fake: FakeDNSE, make: Make) -> None:
    with pytest.raises(vnfin.ValidationError, match="method='sms' is not one of: smart, email"):
        make().auth.trading_token(SMART_OTP, method="sms")
    assert fake.requests == []
