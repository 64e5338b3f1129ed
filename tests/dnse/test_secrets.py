"""The password, the JWT, the OTP and the trading token never show: not in a repr, not in an
error (its chain and every frame's locals, as IPython's verbose tracebacks show them), not in
vnfin's, httpx's or httpcore's DEBUG logs over real loopback HTTP."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import vnfin
from vnfin.dnse import DNSE
from vnfin.sandbox import Sandbox

from .conftest import MARKET_NOW, PASSWORD, SMART_OTP, TRADING_TOKEN, USERNAME, FakeDNSE

Make = Callable[..., DNSE]
# built, so the test's own source lines (which a traceback quotes) do not spell them out
WRONG_PASSWORD = "-".join(["Wr0ng", "pa55"])
WRONG_OTP = str(987_654)


def everything_shown(error: BaseException, *, local_values: bool = True) -> str:
    """What a user could see of an exception: message, chain, and every frame's locals."""
    parts = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.append(repr(current))
        parts.extend(
            traceback.TracebackException.from_exception(
                current, capture_locals=local_values
            ).format()
        )
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


@pytest.mark.parametrize(
    "bad", ["Zq9xW7\n", " Zq9xW7", "Zq9 xW7", "Zq9xé7", "Zq9xW7\t", "\u200bZq9xW7"]
)
@pytest.mark.parametrize("argument", ["username", "password"])
def test_malformed_credentials_are_refused_at_construction_without_echo(
    argument: str, bad: str
) -> None:
    values: dict[str, Any] = {"username": USERNAME, "password": PASSWORD, argument: bad}
    with pytest.raises(vnfin.ValidationError) as info:
        DNSE(**values)
    assert info.value.argument == argument
    for part in ("Zq9", "xW7", bad):
        assert part not in str(info.value)
    assert "not shown" in str(info.value)


def held(fake: FakeDNSE) -> list[str]:
    return [PASSWORD, SMART_OTP, TRADING_TOKEN, *fake.bearers]


def test_reprs_show_no_secret(fake: FakeDNSE, make: Make) -> None:
    dnse = make()
    dnse.auth.trading_token(SMART_OTP)
    order = dnse.orders.place("VNM", "BUY", 100, 68500)
    assert fake.bearers and dnse.trading_token_expires_at is not None
    core = dnse._core
    texts = [repr(dnse), repr(dnse._async), repr(core), str(vars(dnse)), repr(order)]
    texts += [repr(getattr(dnse, g)) for g in ("auth", "market", "account", "orders")]
    texts += [repr(s) for s in core.sessions.values()]
    texts += [repr(core.login), repr(core.trading), repr(core.credentials), str(core.found)]
    text = "\n".join(texts)
    for hidden in held(fake):
        assert hidden not in text
    assert "tra…" in text and "0001000115" in text and "held" in text  # what is shown is shown


def test_errors_hold_no_secret(fake: FakeDNSE, make: Make) -> None:
    dnse = make()
    dnse.auth.trading_token(SMART_OTP)
    shown = []
    fake.reject_next = "QMAX_EXCEED"
    with pytest.raises(vnfin.OrderRejected) as rejected:
        dnse.orders.place("VNM", "BUY", 100, 68500)
    shown.append(everything_shown(rejected.value))
    fake.fail_next_write = ("timeout", False)
    with pytest.raises(vnfin.OrderStateUnknown) as unknown:
        dnse.orders.place("VNM", "BUY", 100, 68500)
    shown.append(everything_shown(unknown.value))
    fake.valid_trading_token = "rotated"
    with pytest.raises(vnfin.TwoFactorRequired) as refused:
        dnse.orders.place("VNM", "BUY", 100, 68500)
    shown.append(everything_shown(refused.value))
    fake.expire_jwt = 5
    with pytest.raises(vnfin.AuthError) as expired:
        dnse.account.accounts()
    shown.append(everything_shown(expired.value))
    with pytest.raises(vnfin.AuthError) as wrong:
        make(password=WRONG_PASSWORD).account.accounts()
    shown.append(everything_shown(wrong.value))
    text = "\n".join(shown)
    for hidden in [*held(fake), WRONG_PASSWORD]:
        assert hidden not in text


def test_a_refused_otp_is_not_repeated_in_the_error(fake: FakeDNSE, make: Make) -> None:
    # the code is the caller's own argument, so only the error itself and its chain are
    # looked at (the caller's frames hold it, as the caller wrote it)
    with pytest.raises(vnfin.TwoFactorRequired) as info:
        make().auth.trading_token(WRONG_OTP)
    assert WRONG_OTP not in everything_shown(info.value, local_values=False)
    frames = traceback.TracebackException.from_exception(info.value, capture_locals=True)
    vnfin_frames = [f for f in frames.stack if "/vnfin/dnse/" in f.filename]
    assert vnfin_frames and all(WRONG_OTP not in str(f.locals) for f in vnfin_frames)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    for name in ("vnfin", "httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for name in ("vnfin", "httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.NOTSET)


def test_debug_logs_over_loopback_http_hold_no_secret(
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    sb = Sandbox(now=MARKET_NOW)
    url = sb.serve()
    try:
        with DNSE(sb.dnse_username, sb.dnse_password, base_url=url) as dnse:
            dnse.auth.request_email_otp()
            dnse.auth.trading_token(sb.otp_code, method="email")
            dnse.account.balance()
            order = dnse.orders.place("VNM", "BUY", 100, 66000)
            dnse.orders.cancel(order)
            secrets = [
                sb.dnse_password,
                sb.otp_code,
                str(dnse._core.login._token),
                str(dnse._core.trading._token),
            ]
        text = "\n".join(r.getMessage() for r in debug_logs.records)
        assert "trading-token" in text and "v2/orders" in text  # the logs were captured at all
        for hidden in secrets:
            assert hidden not in text
    finally:
        sb.close()
