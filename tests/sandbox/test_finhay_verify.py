"""The Finhay dialect verifies signatures with its own implementation (vnfin.sandbox.finhay.verify):
known-answer vectors from reference §1.3, one-byte mutations of every input, and "mutant
clients" that build the signing payload wrongly. The signing below is written in this file
from the reference (hashlib and hmac), never imported from vnfin's client."""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest

from vnfin.sandbox import Faults, Sandbox, World
from vnfin.sandbox.finhay import FinhayApp
from vnfin.sandbox.replies import Reply

# -- reference §1.3 test vectors ----------------------------------------------------------------

SECRET = "test-secret-key"
TS = "1700000000000"
KEY = "ak_test_vectors"
GET_ME = ("/users/v1/users/me", "25aed89bff943b84adde0265bd3df927b97f6ac2886b6cb39f07aa3839a877ed")
GET_QUERY = (
    "/trading/v2/accounts/0001234567/available-trade?orderSide=BUY&symbol=HPG&quotePrice=27000",
    "ad2376d2b16d0ae17ccac3a2d99bcb73efb9123ecc0baa2e82228315da234e9d",
)
POST_TARGET = "/trading/oa/sub-accounts/0001234567/orders"
POST_BODY = (
    b'{"sub_account":"120C000008.4","side":"BUY","symbol":"HPG","quantity":100,'
    b'"type":"LIMIT","limit_price":25500,"market_price":null,"stock_type":"STOCK"}'
)
POST_HASH = "a3885cc3997f3f84ed931e1914a549e3b15b730b3b57e853cc5ef7a25d5cbb7e"
POST_SIG = "2741118ce977c021e80bb2f9ca62a03336a8a8b89ab4fab2be377d07c814dbfb"


def reference_signature(secret: str, ts: str, method: str, target: str, body: bytes) -> str:
    """Reference §1.3: HMAC-SHA256 over ts, METHOD, path[?query] and the body hash ("" when
    there is no body), joined by newlines, nothing after the hash; lowercase hex."""
    bodyhash = hashlib.sha256(body).hexdigest() if body else ""
    payload = f"{ts}\n{method}\n{target}\n{bodyhash}"
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def test_the_signer_in_this_file_reproduces_the_reference_vectors() -> None:
    assert reference_signature(SECRET, TS, "GET", GET_ME[0], b"") == GET_ME[1]
    assert reference_signature(SECRET, TS, "GET", GET_QUERY[0], b"") == GET_QUERY[1]
    assert hashlib.sha256(POST_BODY).hexdigest() == POST_HASH
    assert reference_signature(SECRET, TS, "POST", POST_TARGET, POST_BODY) == POST_SIG


@pytest.fixture
def app() -> FinhayApp:
    """A Finhay app with the reference's secret, its wall clock frozen at the vectors' time."""
    return FinhayApp(
        World(0, now="2026-11-20 10:30"),
        api_key=KEY,
        api_secret=SECRET,
        otp_code="123456",
        faults=Faults(),
        wall_clock=lambda: 1_700_000_000.0,
    )


def headers(ts: str, signature: str, bodyhash: str = "") -> dict[str, str]:
    out = {
        "x-fh-apikey": KEY,
        "x-fh-timestamp": ts,
        "x-fh-nonce": str(uuid.uuid4()),
        "x-fh-signature": signature,
    }
    if bodyhash:
        out["x-fh-bodyhash"] = bodyhash
    return out


def code(reply: Reply) -> str:
    return str(reply.body.get("error_code"))  # the 2FA steps answer without one


def test_vectors_are_accepted(app: FinhayApp) -> None:
    me = app.handle("GET", GET_ME[0], headers(TS, GET_ME[1]), b"")
    assert me.status == 200 and me.body["data"] == {"user_id": 123456}
    # Verified, then answered: the vector's sub-account is the sandbox's `.1`.
    query = app.handle("GET", GET_QUERY[0], headers(TS, GET_QUERY[1]), b"")
    assert (query.status, code(query)) == (200, "0") and query.body["result"]["pp0"] > 0
    # Verified, then stopped by the next gate: order writes need the 2FA session.
    order = app.handle("POST", POST_TARGET, headers(TS, POST_SIG, POST_HASH), POST_BODY)
    assert (order.status, code(order)) == (403, "OTP_SESSION_REQUIRED")


def one_byte_mutations(text: str) -> Iterator[str]:
    """``text`` with each character in turn flipped to its neighbour (``c ^ 1``)."""
    for i, c in enumerate(text):
        yield text[:i] + chr(ord(c) ^ 1) + text[i + 1 :]


CASES = [
    ("GET", *GET_ME, b"", ""),
    ("GET", *GET_QUERY, b"", ""),
    ("POST", POST_TARGET, POST_SIG, POST_BODY, POST_HASH),
]


@pytest.mark.parametrize(("method", "target", "sig", "body", "bodyhash"), CASES)
def test_every_one_byte_change_of_the_target_is_refused(
    app: FinhayApp, method: str, target: str, sig: str, body: bytes, bodyhash: str
) -> None:
    for changed in one_byte_mutations(target):
        reply = app.handle(method, changed, headers(TS, sig, bodyhash), body)
        assert (reply.status, code(reply)) == (401, "AUTH_SIGNATURE_INVALID"), changed


@pytest.mark.parametrize(("method", "target", "sig", "body", "bodyhash"), CASES)
def test_every_one_byte_change_of_the_timestamp_is_refused(
    app: FinhayApp, method: str, target: str, sig: str, body: bytes, bodyhash: str
) -> None:
    for changed in one_byte_mutations(TS):
        reply = app.handle(method, target, headers(changed, sig, bodyhash), body)
        assert reply.status == 401, changed
        # near the frozen clock the signature fails; far from it the window does
        near = abs(int(changed) - int(TS)) <= 30_000
        expected = "AUTH_SIGNATURE_INVALID" if near else "AUTH_TIMESTAMP_EXPIRED"
        assert code(reply) == expected, changed


@pytest.mark.parametrize(("method", "target", "sig", "body", "bodyhash"), CASES)
def test_every_one_byte_change_of_the_secret_is_refused(
    app: FinhayApp, method: str, target: str, sig: str, body: bytes, bodyhash: str
) -> None:
    for secret in one_byte_mutations(SECRET):
        forged = reference_signature(secret, TS, method, target, body)
        reply = app.handle(method, target, headers(TS, forged, bodyhash), body)
        assert (reply.status, code(reply)) == (401, "AUTH_SIGNATURE_INVALID"), secret


def test_every_one_byte_change_of_the_body_is_refused(app: FinhayApp) -> None:
    text = POST_BODY.decode()
    for changed in one_byte_mutations(text):
        body = changed.encode()
        # the body no longer matches its hash ...
        reply = app.handle("POST", POST_TARGET, headers(TS, POST_SIG, POST_HASH), body)
        assert (reply.status, code(reply)) == (401, "AUTH_BODYHASH_INVALID"), changed
        # ... and re-hashing it does not make the old signature fit
        rehashed = headers(TS, POST_SIG, hashlib.sha256(body).hexdigest())
        reply = app.handle("POST", POST_TARGET, rehashed, body)
        assert (reply.status, code(reply)) == (401, "AUTH_SIGNATURE_INVALID"), changed


def test_every_one_byte_change_of_the_signature_is_refused(app: FinhayApp) -> None:
    for forged in one_byte_mutations(GET_ME[1]):
        reply = app.handle("GET", GET_ME[0], headers(TS, forged), b"")
        assert (reply.status, code(reply)) == (401, "AUTH_SIGNATURE_INVALID"), forged
    upper = app.handle("GET", GET_ME[0], headers(TS, GET_ME[1].upper()), b"")
    assert code(upper) == "AUTH_SIGNATURE_INVALID"  # lowercase hex, as the reference says


def test_a_body_hash_without_a_body_is_refused(app: FinhayApp) -> None:
    reply = app.handle("GET", GET_ME[0], headers(TS, GET_ME[1], POST_HASH), b"")
    assert (reply.status, code(reply)) == (401, "AUTH_BODYHASH_INVALID")


# -- mutant clients ------------------------------------------------------------------------------

Signer = Callable[[str, str, str, str, bytes], str]  # secret, ts, method, wire target, body


def _mac(secret: str, payload: str) -> str:
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def _hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest() if body else ""


MUTANTS: dict[str, tuple[Signer, str, str, bytes]] = {
    # name: (signer, method, url as the caller writes it, body)
    "path without the query (the obsolete variant)": (
        lambda s, t, m, target, b: _mac(s, f"{t}\n{m}\n{target.partition('?')[0]}\n{_hash(b)}"),
        "GET",
        "/users/v1/users/123456/sub-accounts?type=Normal",
        b"",
    ),
    "a newline after the body hash": (
        lambda s, t, m, target, b: _mac(s, f"{t}\n{m}\n{target}\n{_hash(b)}\n"),
        "POST",
        "/auth/v1/openapi/2fa/request",
        b'{"channel":"EMAIL"}',
    ),
    "no empty last line without a body": (
        lambda s, t, m, target, b: _mac(s, f"{t}\n{m}\n{target}"),
        "GET",
        "/users/v1/users/me",
        b"",
    ),
    "the unencoded target": (
        lambda s, t, m, target, b: _mac(s, f"{t}\n{m}\n{target.replace('%20', ' ')}\n{_hash(b)}"),
        "GET",
        "/users/v1/users/me?x=a b",
        b"",
    ),
    "the query in another order": (
        lambda s, t, m, target, b: _mac(s, f"{t}\n{m}\n/users/v1/users/me?a=1&b=2\n{_hash(b)}"),
        "GET",
        "/users/v1/users/me?b=2&a=1",
        b"",
    ),
    "the raw body instead of its hash": (
        lambda s, t, m, target, b: _mac(s, f"{t}\n{m}\n{target}\n{b.decode()}\n"),
        "POST",
        "/auth/v1/openapi/2fa/request",
        b'{"channel":"EMAIL"}',
    ),
    "a lower-case method": (
        lambda s, t, m, target, b: _mac(s, f"{t}\n{m.lower()}\n{target}\n{_hash(b)}"),
        "GET",
        "/users/v1/users/me",
        b"",
    ),
    "scheme and host in the target": (
        lambda s, t, m, target, b: _mac(s, f"{t}\n{m}\nhttp://x{target}\n{_hash(b)}"),
        "GET",
        "/users/v1/users/me",
        b"",
    ),
    "seconds instead of milliseconds in the payload": (
        lambda s, t, m, target, b: _mac(s, f"{t[:-3]}\n{m}\n{target}\n{_hash(b)}"),
        "GET",
        "/users/v1/users/me",
        b"",
    ),
}


def correct(secret: str, ts: str, method: str, target: str, body: bytes) -> str:
    return reference_signature(secret, ts, method, target, body)


def send(sb: Sandbox, signer: Signer, method: str, url: str, body: bytes) -> httpx.Response:
    """Sign what httpx will put on the wire (its encoded target) with ``signer`` and send it."""
    with httpx.Client(transport=sb.transport, base_url="http://any-host") as client:
        request = client.build_request(method, url, content=body or None)
        target = request.url.raw_path.decode("ascii")
        ts = str(int(time.time() * 1000))
        request.headers.update(
            {
                "X-FH-APIKEY": sb.api_key,
                "X-FH-TIMESTAMP": ts,
                "X-FH-NONCE": str(uuid.uuid4()),
                "X-FH-SIGNATURE": signer(sb.api_secret, ts, method, target, body),
            }
        )
        if body:
            request.headers["X-FH-BODYHASH"] = hashlib.sha256(body).hexdigest()
        return client.send(request)


@pytest.mark.parametrize("name", MUTANTS)
def test_a_mutant_client_is_refused(sandbox: Sandbox, name: str) -> None:
    signer, method, url, body = MUTANTS[name]
    wrong = send(sandbox, signer, method, url, body)
    assert wrong.status_code == 401
    assert wrong.json()["error_code"] == "AUTH_SIGNATURE_INVALID"
    # the same request, signed as the reference says, passes verification
    right = send(sandbox, correct, method, url, body)
    assert right.status_code == 200, right.json()


# -- which requests need what (seed 004) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "target", "tier1"),
    [
        ("GET", "/market/stock-realtime?symbol=VNM", True),
        ("GET", "/trading/market/session?exchange=HOSE", True),
        ("GET", "/trading/securities/anything", True),
        ("GET", "/fund-trading/public/fund-companies", True),
        ("POST", "/market/not-a-route", False),  # only GETs are Tier 1
        ("DELETE", "/fund-trading/public/not-a-route", False),
        ("GET", "/trading/marketing", False),  # a prefix is a whole path segment
        ("GET", "/users/v1/users/me", False),
        ("GET", "/trading/v1/accounts/0001234567/order-book", False),
        ("GET", "/fund-trading/private/x", False),
    ],
)
def test_tier1_is_a_get_on_a_public_prefix(
    app: FinhayApp, method: str, target: str, tier1: bool
) -> None:
    reply = app.handle(method, target, {"x-fh-apikey": KEY}, b"")
    assert (code(reply) != "AUTH_HEADERS_MISSING") is tier1, reply.body
    assert code(app.handle(method, target, {}, b"")) == "AUTH_APIKEY_INVALID"


@pytest.mark.parametrize("key", [KEY, "wrong", None])
@pytest.mark.parametrize(
    ("method", "target", "allow"),
    [
        ("POST", "/market/stock-realtime", "GET"),
        ("DELETE", "/fund-trading/public/fund-companies", "GET"),
        ("PATCH", "/users/v1/users/123456/sub-accounts", "GET"),
        ("HEAD", "/market/financial-data/global-news/7", "GET"),
        ("GET", "/auth/v1/openapi/2fa/verify", "POST"),
        ("OPTIONS", "/auth/v1/openapi/2fa/request", "POST"),
    ],
)
def test_a_route_refuses_other_methods_before_any_credential_check(
    app: FinhayApp, method: str, target: str, allow: str, key: str | None
) -> None:
    reply = app.handle(method, target, {"x-fh-apikey": key} if key else {}, b"")
    assert (reply.status, code(reply), reply.headers) == (405, "405", {"Allow": allow})


@pytest.mark.parametrize(
    ("method", "target", "needs_2fa"),
    [
        ("POST", "/trading/oa/sub-accounts/0001234567/orders", True),
        ("PUT", "/trading/oa/sub-accounts/0001234567/orders/1", True),
        ("DELETE", "/trading/oa/sub-accounts/0001234567/orders/1", True),
        ("GET", "/trading/oa/sub-accounts/0001234567/orders", False),  # reads need no session
        ("POST", "/trading/v2/accounts/0001234567/orders", False),
        ("POST", "/auth/v1/openapi/2fa/request", False),
    ],
)
def test_order_writes_need_the_2fa_session(
    app: FinhayApp, method: str, target: str, needs_2fa: bool
) -> None:
    body = b'{"channel":"EMAIL"}'
    sig = reference_signature(SECRET, TS, method, target, body)
    reply = app.handle(method, target, headers(TS, sig, hashlib.sha256(body).hexdigest()), body)
    assert (code(reply) == "OTP_SESSION_REQUIRED") is needs_2fa, reply.body
