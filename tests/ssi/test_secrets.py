"""The consumer secret, the private key, the PIN/OTP and the bearer tokens never show: not in
a repr, not in an error (its chain and every frame's locals, as IPython's verbose tracebacks
show them), not in vnfin's, httpx's or httpcore's DEBUG logs over real loopback HTTP."""

from __future__ import annotations

import base64
import logging
import re
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import vnfin
from vnfin.sandbox import Sandbox
from vnfin.ssi import SSI

from .conftest import CONSUMER_SECRET, MARKET_NOW, PIN, FakeSSI


def everything_shown(error: BaseException) -> str:
    """What a user could see of an exception: message, chain, and every frame's locals."""
    parts = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.append(repr(current))
        parts.extend(
            traceback.TracebackException.from_exception(current, capture_locals=True).format()
        )
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


def key_chunks(key_text: str) -> list[str]:
    """Pieces of a private key that must never show: the base64 text and the XML's D."""
    xml = base64.b64decode(key_text).decode()
    d = re.search(r"<D>([^<]{24})", xml)
    assert d is not None
    return [key_text[30:54], key_text[-54:-30], d.group(1)]


def bearers(ssi: SSI) -> list[str]:
    core = ssi._core
    held = [core.read_token._token, core.data_token._token, core.writes._token]
    return [t for t in held if t]


@pytest.mark.parametrize(
    "bad", ["Zq9xW7\n", " Zq9xW7", "Zq9 xW7", "Zq9xé7", "Zq9xW7\t", "\u200bZq9xW7"]
)
@pytest.mark.parametrize("argument", ["consumer_id", "consumer_secret", "data_consumer_secret"])
def test_malformed_credentials_are_refused_at_construction_without_echo(
    argument: str, bad: str, ssi_key: str
) -> None:
    values: dict[str, Any] = {
        "consumer_id": "c0nsumer",
        "consumer_secret": CONSUMER_SECRET,
        argument: bad,
    }
    with pytest.raises(vnfin.ValidationError) as info:
        SSI(private_key=ssi_key, **values)
    assert info.value.argument == argument
    for part in ("Zq9", "xW7", bad):
        assert part not in str(info.value)
    assert "not shown" in str(info.value)


def test_reprs_show_no_secret(fake: FakeSSI, fake_client: Callable[..., SSI], ssi_key: str) -> None:
    ssi = fake_client()
    ssi.auth.verify(PIN, save=False)  # the code is kept for the writes
    ssi.account.order_book()
    ssi.market.security("VNM")
    assert len(bearers(ssi)) == 3
    texts = [repr(ssi), repr(ssi._core), str(vars(ssi)), repr(ssi._async)]
    texts += [repr(getattr(ssi, g)) for g in ("auth", "market", "account", "orders")]
    texts += [repr(s) for s in ssi._core.sessions.values()]
    text = "\n".join(texts)
    for hidden in [CONSUMER_SECRET, PIN, *bearers(ssi), *key_chunks(ssi_key)]:
        assert hidden not in text
    assert "c0ns" in text and "1234567" in text  # what is shown is shown


def test_errors_hold_no_secret(
    fake: FakeSSI, fake_client: Callable[..., SSI], request: pytest.FixtureRequest
) -> None:
    # the key is not a local of this frame: the test's own locals are in the traceback too
    ssi = fake_client()
    ssi.auth.verify(PIN, save=False)
    shown = []
    fake.reject_next = "ORD002: below the floor"
    with pytest.raises(vnfin.OrderRejected) as rejected:
        ssi.orders.place("VNM", "BUY", 100, 68000)
    shown.append(everything_shown(rejected.value))
    fake.fail_next_write = ("timeout", False)
    with pytest.raises(vnfin.OrderStateUnknown) as unknown:
        ssi.orders.place("VNM", "BUY", 100, 68000)
    shown.append(everything_shown(unknown.value))
    ssi._core.writes.forget()
    with pytest.raises(vnfin.TwoFactorRequired) as missing:
        ssi.orders.place("VNM", "BUY", 100, 68000)
    shown.append(everything_shown(missing.value))
    text = "\n".join(shown)
    for hidden in [
        CONSUMER_SECRET,
        PIN,
        *bearers(ssi),
        *key_chunks(request.getfixturevalue("ssi_key")),
    ]:
        assert hidden not in text


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
        with SSI(
            sb.ssi_consumer_id,
            sb.ssi_consumer_secret,
            sb.ssi_private_key,
            account=sb.ssi_account,
            trading_url=url,
            data_url=url,
        ) as ssi:
            ssi.auth.verify(sb.ssi_pin, save=False)
            ssi.market.security("VNM")
            order = ssi.orders.place("VNM", "BUY", 100, 68000)
            ssi.orders.cancel(order)
            held = bearers(ssi)
        text = "\n".join(r.getMessage() for r in debug_logs.records)
        assert "NewOrder" in text and "AccessToken" in text  # the logs were captured at all
        for hidden in [sb.ssi_consumer_secret, sb.ssi_pin, *held, *key_chunks(sb.ssi_private_key)]:
            assert hidden not in text
    finally:
        sb.close()
