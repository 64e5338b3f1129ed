"""The request core over httpx.MockTransport: retries for reads only, fresh signatures per
attempt, typed transport errors, validation before any request."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

import vnfin
from vnfin import errors

OK = {"error_code": "0", "message": "success", "data": {"user_id": 1}}


class Recorder:
    """A scripted server: answers in order, records what it was sent."""

    def __init__(self, *answers: object) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        assert isinstance(answer, httpx.Response)
        return answer


def client(recorder: Recorder, **options: object) -> vnfin.Finhay:
    return vnfin.Finhay(
        "ak_test_k",
        "secret",
        base_url="https://api.test",
        transport=httpx.MockTransport(recorder),
        **options,
    )  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vnfin._http.random.uniform", lambda a, b: 0.001)


def test_get_retried_on_5xx_with_fresh_nonce_and_timestamp() -> None:
    rec = Recorder(
        httpx.Response(503, json={"error_code": "503", "message": "down"}),
        httpx.Response(500, json={"error_code": "500", "message": "oops"}),
        httpx.Response(200, json=OK),
    )
    assert client(rec).request("GET", "/users/v1/users/me") == {"user_id": 1}
    assert len(rec.requests) == 3
    nonces = {r.headers["X-FH-NONCE"] for r in rec.requests}
    signatures = {r.headers["X-FH-SIGNATURE"] for r in rec.requests}
    assert len(nonces) == 3
    assert len(signatures) == 3


def test_get_gives_up_after_max_retries() -> None:
    rec = Recorder(httpx.Response(500, json={"error_code": "500", "message": "oops"}))
    with pytest.raises(errors.ServerError):
        client(rec, max_retries=2).request("GET", "/users/v1/users/me")
    assert len(rec.requests) == 3


def test_get_retried_on_connection_error() -> None:
    rec = Recorder(httpx.ConnectError("refused"), httpx.Response(200, json=OK))
    assert client(rec).request("GET", "/users/v1/users/me") == {"user_id": 1}
    assert len(rec.requests) == 2


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(500, json={"error_code": "500", "message": "oops"}),
        httpx.Response(
            429, json={"error_code": "429", "message": "slow"}, headers={"X-RateLimit-Reset": "1"}
        ),
        httpx.ReadTimeout("slow"),
        httpx.ConnectError("refused"),
    ],
)
def test_writes_are_never_retried(method: str, failure: object) -> None:
    rec = Recorder(failure, httpx.Response(200, json=OK))
    with pytest.raises((errors.APIError, errors.TransportError)):
        client(rec).request(method, "/users/v1/x", json={"a": 1})
    assert len(rec.requests) == 1


def test_write_timeout_is_request_timeout_without_secrets() -> None:
    rec = Recorder(httpx.ReadTimeout("slow"))
    fh = client(rec, two_fa_token="the-2fa-token")
    with pytest.raises(errors.RequestTimeout) as info:
        fh.request("POST", "/trading/oa/sub-accounts/1/orders", json={"symbol": "VNM"})
    assert info.value.__cause__ is None and info.value.__context__ is None
    text = str(info.value)
    assert "the-2fa-token" not in text and "secret" not in text
    assert "POST /trading/oa/sub-accounts/1/orders" in text


def test_429_waits_for_the_reset_time() -> None:
    rec = Recorder(
        httpx.Response(
            429,
            json={"error_code": "429", "message": "slow"},
            headers={"X-RateLimit-Reset": str(time.time() + 0.3)},
        ),
        httpx.Response(200, json=OK),
    )
    started = time.perf_counter()
    client(rec).request("GET", "/users/v1/users/me")
    assert time.perf_counter() - started >= 0.2
    assert len(rec.requests) == 2


def test_a_429_holds_back_every_other_request_of_the_client() -> None:
    """After one request is told 429, the client's other requests wait for the reset too
    instead of hitting the server meanwhile."""
    sent: list[tuple[str, float]] = []
    reset = time.time() + 0.4

    def server(request: httpx.Request) -> httpx.Response:
        sent.append((request.url.path, time.time()))
        if request.url.path == "/users/v1/users/me" and len(sent) == 1:
            return httpx.Response(
                429,
                json={"error_code": "429", "message": "slow"},
                headers={"X-RateLimit-Reset": str(reset)},
            )
        return httpx.Response(200, json=OK)

    async def main() -> None:
        async with vnfin.AsyncFinhay(
            "ak_test_k", "s", base_url="https://api.test", transport=httpx.MockTransport(server)
        ) as afh:
            first = asyncio.create_task(afh.request("GET", "/users/v1/users/me"))
            await asyncio.sleep(0.1)  # the first was told 429 and waits for the reset
            await afh.request("GET", "/users/v1/other")
            await first

    asyncio.run(main())
    assert sorted(p for p, _ in sent) == [
        "/users/v1/other",
        "/users/v1/users/me",
        "/users/v1/users/me",
    ]
    assert all(t >= reset - 0.02 for _, t in sent[1:])


def test_429_beyond_max_wait_is_raised_not_slept() -> None:
    rec = Recorder(
        httpx.Response(
            429,
            json={"error_code": "429", "message": "slow"},
            headers={"X-RateLimit-Reset": str(time.time() + 3600)},
        )
    )
    with pytest.raises(errors.RateLimitError) as info:
        client(rec).request("GET", "/users/v1/users/me")
    assert info.value.retry_after is not None and info.value.retry_after > 3000
    assert len(rec.requests) == 1


def test_bad_input_sends_nothing() -> None:
    rec = Recorder(httpx.Response(200, json=OK))
    fh = client(rec)
    bad_calls = [
        lambda: fh.market.history("VNM", "2024-02-01", "2024-01-01"),
        lambda: fh.market.history("VNM", "2024-13-45"),
        lambda: fh.market.history("", "2024-01-01"),
        lambda: fh.market.history([], "2024-01-01"),
        lambda: fh.market.history("VNM", "2024-01-01", resolution="2W"),
        lambda: fh.market.quote("VN M!"),
        lambda: fh.market.quotes(["VNM"], exchange="HOSE"),
        lambda: fh.market.quotes(),
        lambda: fh.market.quotes(exchange="NYSE"),
        lambda: fh.market.indices(["SPX"]),
        lambda: fh.market.session("LSE"),
        lambda: fh.request("PATCH", "/x"),
        lambda: fh.request("GET", "market/x"),
    ]
    for call in bad_calls:
        with pytest.raises(errors.ValidationError):
            call()
    assert rec.requests == []


def test_validation_messages_name_argument_and_allowed_values() -> None:
    fh = client(Recorder(httpx.Response(200, json=OK)))
    with pytest.raises(errors.ValidationError) as info:
        fh.market.history("VNM", "2024-01-01", resolution="2W")
    assert info.value.argument == "resolution"
    assert "1D, 5, 15, 30, 1H, 4H" in str(info.value)


def test_json_body_is_compact_and_signed_as_sent() -> None:
    rec = Recorder(httpx.Response(200, json=OK))
    client(rec).request("POST", "/users/v1/x", json={"b": 1, "a": "Sữa"})
    sent = rec.requests[0]
    assert sent.content == '{"b":1,"a":"Sữa"}'.encode()
    assert sent.headers["Content-Type"] == "application/json"


def test_sync_transport_is_accepted() -> None:
    seen: list[str] = []

    class SyncOnly(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(request.url.path)
            return httpx.Response(200, json=OK)

    fh = vnfin.Finhay("k", "s", base_url="https://api.test", transport=SyncOnly())
    assert fh.request("GET", "/users/v1/users/me") == {"user_id": 1}
    assert seen == ["/users/v1/users/me"]


def test_credentials_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINHAY_API_KEY", "ak_test_env")
    monkeypatch.setenv("FINHAY_API_SECRET", "env-secret")
    monkeypatch.setenv("FINHAY_BASE_URL", "https://env.example")
    monkeypatch.setenv("FINHAY_2FA_TOKEN", "env-token")
    rec = Recorder(httpx.Response(200, json=OK))
    fh = vnfin.Finhay(transport=httpx.MockTransport(rec))
    assert fh.base_url == "https://env.example"
    assert fh.two_fa_token == "env-token"
    fh.request("GET", "/users/v1/users/me")
    assert rec.requests[0].headers["X-FH-APIKEY"] == "ak_test_env"
    assert str(rec.requests[0].url).startswith("https://env.example/")


def test_missing_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FINHAY_API_KEY", raising=False)
    with pytest.raises(errors.ValidationError, match="FINHAY_API_KEY"):
        vnfin.Finhay()


def test_async_face_same_behaviour() -> None:
    rec = Recorder(
        httpx.Response(500, json={"error_code": "500", "message": "x"}),
        httpx.Response(200, json=OK),
    )

    async def main() -> object:
        async with vnfin.AsyncFinhay(
            "k", "s", base_url="https://api.test", transport=httpx.MockTransport(rec)
        ) as fh:
            return await fh.request("GET", "/users/v1/users/me")

    assert asyncio.run(main()) == {"user_id": 1}
    assert len(rec.requests) == 2
