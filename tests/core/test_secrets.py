"""Secrets stay secret, even when the input is wrong: construction, exceptions and what they
chain, verbose tracebacks (IPython ``%xmode Verbose`` shows every frame's locals), reprs, and
DEBUG logs of vnfin, httpx and httpcore over real loopback HTTP."""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

import vnfin
from vnfin._call import Call
from vnfin._http import Session
from vnfin._tokens import CachedToken
from vnfin.errors import APIError
from vnfin.sandbox import Sandbox

KEY = "ak_live_0123456789abcdef"
SECRET = "s3cr3t-0f-the-client-9d8e7f"
TOKEN = "fh2fa.the-daily-session-token-xyz"
BEARER = "eyJhbGciOiJSUzI1NiJ9.bearer-token-payload.sig"
SECRETS = (SECRET, TOKEN, BEARER, "0123456789abcdef")  # the key's tail too


def client(handler: Callable[[httpx.Request], httpx.Response], **options: Any) -> vnfin.Finhay:
    return vnfin.Finhay(
        KEY,
        SECRET,
        two_fa_token=TOKEN,
        base_url="https://api.test",
        transport=httpx.MockTransport(handler),
        max_retries=0,
        **options,
    )


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


def assert_hidden(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


@pytest.mark.parametrize(
    "bad", ["Zq9xW7\n", " Zq9xW7", "Zq9 xW7", "Zq9xé7", "Zq9xW7\t", "Zq\x009xW7", "\u200bZq9xW7"]
)
@pytest.mark.parametrize("argument", ["api_key", "api_secret", "two_fa_token"])
def test_malformed_credentials_refused_at_construction_without_echo(
    argument: str, bad: str
) -> None:
    values = {"api_key": KEY, "api_secret": SECRET, "two_fa_token": TOKEN, argument: bad}
    with pytest.raises(vnfin.ValidationError) as info:
        vnfin.Finhay(
            values["api_key"],
            values["api_secret"],
            two_fa_token=values["two_fa_token"],
            transport=httpx.MockTransport(lambda r: httpx.Response(200)),
        )
    assert info.value.argument == argument
    for part in ("Zq9", "xW7", bad):
        assert part not in str(info.value)
    assert "not shown" in str(info.value)


def test_a_bad_token_set_later_is_refused_too() -> None:
    fh = client(lambda r: httpx.Response(200, json={"error_code": "0", "data": 1}))
    with pytest.raises(vnfin.ValidationError, match="two_fa_token"):
        fh.two_fa_token = "token with\nnewline"
    assert fh.two_fa_token == TOKEN


def failing(kind: str) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        if kind == "connect":
            raise httpx.ConnectError("connection refused", request=request)
        if kind == "timeout":
            raise httpx.ReadTimeout("slow", request=request)
        if kind == "protocol":
            # h11 quotes the offending header value in its message
            raise httpx.LocalProtocolError(f"Illegal header value {SECRET!r}")
        return httpx.Response(401, json={"error_code": "AUTH_SIGNATURE_INVALID", "message": "no"})

    return handler


@pytest.mark.parametrize("kind", ["connect", "timeout", "protocol", "refused"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_errors_chain_no_httpx_exception_and_frames_hold_no_secret(kind: str, method: str) -> None:
    fh = client(failing(kind))
    path = "/trading/oa/sub-accounts/1/orders" if method == "POST" else "/users/v1/users/me"
    with pytest.raises(vnfin.VnfinError) as info:
        fh.request(method, path, json={"symbol": "VNM"} if method == "POST" else None)
    error = info.value
    assert error.__cause__ is None and error.__context__ is None
    assert_hidden(everything_shown(error))
    if kind == "protocol":
        assert "could not be sent" in str(error)


def test_the_signers_own_refusal_carries_no_frames_with_headers() -> None:
    fh = client(lambda r: httpx.Response(200, json={"error_code": "0", "data": 1}))
    fh.two_fa_token = None
    with pytest.raises(vnfin.TwoFactorRequired) as info:
        fh.request("POST", "/trading/oa/sub-accounts/1/orders", json={"symbol": "VNM"})
    assert_hidden(everything_shown(info.value))


def test_a_bearer_token_is_in_no_frame_of_a_failed_call() -> None:
    async def fetch() -> tuple[str, None]:
        return BEARER, None

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def decode(response: httpx.Response, call: Call) -> Any:
        raise APIError("never reached")

    session = Session(
        base_url="https://broker.test",
        decode=decode,
        transport=httpx.MockTransport(handler),
        token=CachedToken(fetch),
    )
    with pytest.raises(vnfin.TransportError) as info:
        asyncio.run(session.send(Call("POST", "/api/v2/Trading/NewOrder", b"{}")))
    assert_hidden(everything_shown(info.value))


def test_reprs_show_no_secret() -> None:
    fh = client(lambda r: httpx.Response(200))
    afh = vnfin.AsyncFinhay(KEY, SECRET, two_fa_token=TOKEN)
    texts = [repr(fh), repr(afh), repr(fh.market), repr(fh._core), str(vars(fh))]
    texts += [repr(s) for s in fh._core.sessions.values()]
    assert_hidden("\n".join(texts))
    assert "ak_live_" in repr(fh)


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
    sb = Sandbox(now="2026-11-20 10:30")
    url = sb.serve()
    try:
        secret, key = sb.api_secret, sb.api_key
        with vnfin.Finhay(key, secret, base_url=url, two_fa_token=TOKEN) as fh:
            fh.request("GET", "/users/v1/users/me")
            fh.market.quote("VNM")
            with pytest.raises(vnfin.VnfinError):
                fh.request("POST", "/trading/oa/sub-accounts/1/orders", json={"a": 1})
        text = "\n".join(r.getMessage() for r in debug_logs.records)
        assert "users/me" in text  # the logs were captured at all
        for hidden in (secret, TOKEN, key[8:]):
            assert hidden not in text
    finally:
        sb.close()
