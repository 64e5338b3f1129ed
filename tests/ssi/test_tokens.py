"""SSI's tokens (reference §1.3, §2.1): the read token fetched on first use and renewed ahead of
its JWT ``exp`` (fake clock), the write token only from ``verify`` and never renewed behind
the user's back, the data token on its own host."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pandas as pd
import pytest

import vnfin
from vnfin._call import Call
from vnfin._http import Session
from vnfin._limiter import RateLimiter
from vnfin.ssi import envelope, tokens
from vnfin.ssi import trading_routes as trading
from vnfin.ssi.auth import Credentials

from .conftest import PIN, FakeSSI, jwt


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_jwt_expiry_is_read_without_verifying() -> None:
    assert tokens.jwt_expiry(jwt(1_800_000_123)) == 1_800_000_123.0
    assert tokens.jwt_expiry(jwt(None, sub="x")) is None
    for junk in ("", "a.b", "not.a.jwt", "a.!!!.c", f"a.{'e30'}.c"):
        assert tokens.jwt_expiry(junk) is None
    assert tokens.expiry("opaque-token", 100.0) == 100.0 + tokens.LIFETIME


def test_the_write_token_is_never_renewed_silently() -> None:
    clock = Clock()
    writes = tokens.WriteToken(clock)
    with pytest.raises(vnfin.TwoFactorRequired) as info:
        writes.bearer()
    assert info.value.error_code == "WRITE_TOKEN_REQUIRED"
    token = jwt(clock.now + 3600)
    expires = writes.set(token, code="135790")
    assert expires == clock.now + 3600 and writes.bearer() == token and writes.code == "135790"
    clock.now += 3600 - tokens.WRITE_EARLY + 1  # inside the margin: could expire in flight
    with pytest.raises(vnfin.TwoFactorRequired) as info:
        writes.bearer("POST", "/api/v2/Trading/NewOrder")
    assert info.value.error_code == "WRITE_TOKEN_EXPIRED" and "verify" in str(info.value)
    assert not writes.held and writes.code is None and writes.expires_at is None
    text = repr(writes)
    assert token not in text and "135790" not in text


def _session(fake: FakeSSI, clock: Clock) -> tuple[Session, Any]:
    session = Session(
        base_url="https://trade.test",
        decode=envelope.decode,
        transport=httpx.MockTransport(fake),
        limiter=RateLimiter(1000, 1.0),
        max_concurrency=1,
    )
    creds = Credentials("cid0123", "csecret0123")
    read = tokens.cached(session, lambda: trading.read_token(creds, 0), "AccessToken", clock=clock)
    session.token = read
    return session, read


def test_the_read_token_is_renewed_ahead_of_its_expiry(fake: FakeSSI) -> None:
    clock = Clock()
    fake.clock = clock
    session, read = _session(fake, clock)
    book = Call("GET", "/api/v2/Trading/orderBook?account=1234567")

    async def twice() -> None:
        await session.send(book)
        await session.send(book)

    asyncio.run(twice())
    assert fake.tokens_issued == read.fetches == 1  # fetched once, on first use
    first = fake.requests[1].headers["Authorization"]
    sent = json.loads(fake.requests[0].content)
    assert sent["code"] == "1" and sent["isSave"] is False  # SSI's own read-token request
    clock.now += fake.lifetime - tokens.READ_EARLY - 1  # still outside the margin
    asyncio.run(session.send(book))
    assert fake.tokens_issued == 1
    clock.now += 2  # now inside it: renewed before it expires, not after a refusal
    asyncio.run(session.send(book))
    assert fake.tokens_issued == read.fetches == 2
    assert fake.requests[-1].headers["Authorization"] != first
    assert "Bearer" in first and "X-Signature" not in fake.requests[0].headers


def test_a_short_lived_read_token_is_renewed_at_half_life(fake: FakeSSI) -> None:
    clock = Clock()
    fake.clock, fake.lifetime = clock, 300.0  # shorter than the usual margin
    session, read = _session(fake, clock)
    book = Call("GET", "/api/v2/Trading/orderBook?account=1234567")
    asyncio.run(session.send(book))
    clock.now += 149
    asyncio.run(session.send(book))
    assert read.fetches == 1
    clock.now += 2
    asyncio.run(session.send(book))
    assert read.fetches == 2


def test_the_token_fetch_cannot_deadlock_behind_the_gate(fake: FakeSSI) -> None:
    clock = Clock()
    fake.clock = clock
    session, _ = _session(fake, clock)  # one request in flight at a time
    calls = [session.send(Call("GET", f"/api/v2/Trading/orderBook?account={i}")) for i in range(8)]

    async def main() -> list[Any]:
        return await asyncio.wait_for(asyncio.gather(*calls), 5)

    assert len(asyncio.run(main())) == 8 and fake.tokens_issued == 1


def test_a_write_without_a_write_token_sends_nothing(
    fake: FakeSSI, fake_client: Callable[..., vnfin.ssi.SSI]
) -> None:
    ssi = fake_client()
    with pytest.raises(vnfin.TwoFactorRequired, match="verify"):
        ssi.orders.place("VNM", "BUY", 100, 68000)
    with pytest.raises(vnfin.TwoFactorRequired):
        ssi.orders.cancel("ORD1")
    assert fake.requests == []


def test_an_expired_write_token_raises_instead_of_renewing(
    fake: FakeSSI, fake_client: Callable[..., vnfin.ssi.SSI]
) -> None:
    fake.lifetime = 10.0  # issued tokens expire within the write margin
    ssi = fake_client()
    ssi.auth.verify(PIN)
    issued = fake.tokens_issued
    with pytest.raises(vnfin.TwoFactorRequired) as info:
        ssi.orders.place("VNM", "BUY", 100, 68000)
    assert info.value.error_code == "WRITE_TOKEN_EXPIRED"
    assert fake.tokens_issued == issued and fake.writes == 0


def test_verify_returns_the_expiry_and_sends_the_code_once(
    fake: FakeSSI, fake_client: Callable[..., vnfin.ssi.SSI]
) -> None:
    ssi = fake_client()
    expires = ssi.auth.verify(PIN, two_factor_type=1, save=True)
    assert isinstance(expires, pd.Timestamp) and str(expires.tz) == "Asia/Ho_Chi_Minh"
    assert ssi.write_token_expires_at == expires
    [request] = fake.requests
    sent = json.loads(request.content)
    assert sent == {
        "consumerID": sent["consumerID"],
        "consumerSecret": sent["consumerSecret"],
        "twoFactorType": 1,
        "code": PIN,
        "isSave": True,
    }
    assert "X-Signature" not in request.headers and "Authorization" not in request.headers
    with pytest.raises(vnfin.ValidationError, match="save"):
        ssi.auth.verify(PIN, save="yes")  # type: ignore[arg-type]


def test_an_unsaved_token_puts_the_code_in_each_write_and_nowhere_else(
    fake: FakeSSI, fake_client: Callable[..., vnfin.ssi.SSI], rsa_key: Any
) -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    ssi = fake_client()
    ssi.auth.verify(PIN, save=False)
    assert json.loads(fake.requests[0].content)["isSave"] is False
    preview = ssi.orders.preview("VNM", "BUY", 100, 68000)
    assert preview.body is not None and PIN.encode() not in preview.body
    ssi.orders.place("VNM", "BUY", 100, 68000)
    [write] = [r for r in fake.requests if r.url.path.endswith("NewOrder")]
    assert json.loads(write.content)["code"] == PIN
    rsa_key.public_key().verify(
        bytes.fromhex(write.headers["X-Signature"]),
        write.content,
        padding.PKCS1v15(),
        hashes.SHA256(),
    )
    assert PIN not in repr(ssi)


def test_market_data_uses_its_own_host_and_token(
    fake: FakeSSI, fake_client: Callable[..., vnfin.ssi.SSI]
) -> None:
    ssi = fake_client()
    ssi.market.security("VNM")
    ssi.account.order_book()
    hosts = [(r.url.host, r.url.path) for r in fake.requests]
    assert hosts == [
        ("data.test", "/api/v2/Market/AccessToken"),
        ("data.test", "/api/v2/Market/SecuritiesDetails"),
        ("trade.test", "/api/v2/Trading/AccessToken"),
        ("trade.test", "/api/v2/Trading/orderBook"),
    ]
    data_bearer = fake.requests[1].headers["Authorization"]
    trading_bearer = fake.requests[3].headers["Authorization"]
    assert data_bearer != trading_bearer and fake.data_tokens_issued == 1
