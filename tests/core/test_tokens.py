"""Session tokens (SSI's AccessToken, DNSE's login): fetched outside the concurrency gate, once,
refreshed when refused, never shown. Against a scripted token server on httpx.MockTransport."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest

from vnfin._call import Call
from vnfin._http import Session
from vnfin._limiter import RateLimiter
from vnfin._tokens import CachedToken
from vnfin.errors import APIError, AuthError


class TokenServer:
    """``POST /token`` issues ``tok-N``; ``/data`` wants the newest token as a bearer."""

    def __init__(self) -> None:
        self.issued = 0
        self.valid: str | None = None
        self.writes = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            self.issued += 1
            self.valid = f"tok-{self.issued}"
            return httpx.Response(200, json={"token": self.valid, "expires": time.time() + 3600})
        if request.headers.get("Authorization") != f"Bearer {self.valid}":
            return httpx.Response(401, json={"error": "token expired"})
        if request.method == "POST":
            self.writes += 1
        return httpx.Response(200, json={"ok": request.url.path})


def decode(response: httpx.Response, call: Call) -> Any:
    if response.status_code == 401:
        raise AuthError("refused", status_code=401, method=call.method, path=call.target)
    if response.status_code >= 400:
        raise APIError("failed", status_code=response.status_code)
    return response.json()


def make(server: TokenServer, concurrency: int = 1) -> tuple[Session, CachedToken]:
    session = Session(
        base_url="https://broker.test",
        decode=decode,
        transport=httpx.MockTransport(server),
        max_concurrency=concurrency,
        limiter=RateLimiter(1000, 1.0),
    )

    async def fetch() -> tuple[str, float]:
        reply = await session.send(Call("POST", "/token", b"{}", authenticated=False))
        return reply.payload["token"], reply.payload["expires"]

    token = CachedToken(fetch)
    session.token = token
    return session, token


def test_token_fetch_through_the_same_session_cannot_deadlock() -> None:
    server = TokenServer()
    session, token = make(server, concurrency=1)

    async def main() -> list[Any]:
        calls = [session.send(Call("GET", f"/data/{i}")) for i in range(10)]
        return await asyncio.wait_for(asyncio.gather(*calls), 5)

    replies = asyncio.run(main())
    assert [r.payload["ok"] for r in replies] == [f"/data/{i}" for i in range(10)]
    assert server.issued == 1 and token.fetches == 1


def test_a_refused_token_is_refetched_once_for_a_read() -> None:
    server = TokenServer()
    session, token = make(server)

    async def main() -> Any:
        await session.send(Call("GET", "/data"))
        server.valid = "rotated-by-the-broker"
        return await session.send(Call("GET", "/data"))

    assert asyncio.run(main()).payload == {"ok": "/data"}
    assert server.issued == 2 and token.fetches == 2


def test_a_write_with_a_refused_token_is_not_resent() -> None:
    server = TokenServer()
    session, _ = make(server)

    async def main() -> None:
        await session.send(Call("GET", "/data"))
        server.valid = "rotated-by-the-broker"
        with pytest.raises(AuthError):
            await session.send(Call("POST", "/data", json.dumps({"qty": 100}).encode()))
        assert server.writes == 0
        # the refused token was dropped: the next call fetches a new one and succeeds
        await session.send(Call("POST", "/data", b"{}"))

    asyncio.run(main())
    assert server.writes == 1 and server.issued == 2


def test_token_expiry_triggers_a_fetch_before_sending() -> None:
    now = [1000.0]
    fetched: list[float] = []

    async def fetch() -> tuple[str, float]:
        fetched.append(now[0])
        return f"t{len(fetched)}", now[0] + 120

    token = CachedToken(fetch, early=60, clock=lambda: now[0])

    async def main() -> list[str]:
        out = [await token.token()]
        now[0] += 59  # 61 s left: still good
        out.append(await token.token())
        now[0] += 2  # 59 s left: inside the safety margin
        out.append(await token.token())
        return out

    assert asyncio.run(main()) == ["t1", "t1", "t2"]


def test_the_token_is_never_shown() -> None:
    async def fetch() -> tuple[str, None]:
        return "super-secret-jwt", None

    token = CachedToken(fetch)
    asyncio.run(token.token())
    assert "super-secret-jwt" not in repr(token)
    assert "held" in repr(token)
