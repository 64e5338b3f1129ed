"""DNSE's two layers of authentication on the wire (reference §4.2, seed 003): login with each
username form, the JWT and its expiry, ``me``, the e-mail OTP (2 minutes, once) and the smart
OTP, trading tokens, which calls need the Bearer and which the Trading-Token, both path
layouts, 404 and 405."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import httpx
import pytest

from vnfin.sandbox import Sandbox

from .conftest import DNSE, claims

Wire = Any  # the conftest's DNSE

# every route but login and the chart, with a harmless request for it: (method, service, rest)
READS = [
    ("GET", "user", "/api/me"),
    ("GET", "auth", "/api/email-otp"),
    ("POST", "order", "/trading-token"),
    ("GET", "order", "/accounts"),
    ("GET", "order", "/account-balances/0001888888"),
    ("GET", "order", "/accounts/0001888888/loan-packages"),
    ("GET", "order", "/accounts/0001888888/ppse?symbol=VNM&price=69500&loanPackageId=1036"),
    ("GET", "order", "/accounts/0001888889/derivative-loan-packages"),
    ("GET", "order", "/v2/orders?accountNo=0001888888"),
    ("GET", "order", "/derivative/orders?accountNo=0001888889"),
    ("GET", "deal", "/deals?accountNo=0001888888"),
    ("GET", "derivative", "/deals?accountNo=0001888889"),
    ("GET", "", "/conditional-order-api/v1/orders?accountNo=0001888888"),
]
WRITES = [
    ("POST", "order", "/v2/orders"),
    ("DELETE", "order", "/v2/orders/1?accountNo=0001888888"),
    ("POST", "order", "/derivative/orders"),
    ("DELETE", "order", "/derivative/orders/1?accountNo=0001888889"),
    ("POST", "", "/conditional-order-api/v1/orders"),
    ("PATCH", "", "/conditional-order-api/v1/orders/x/cancel"),
    ("POST", "", "/derivative-deal-risk/pnl-configs/1"),
]


def test_the_sandboxes_credentials(sb: Sandbox) -> None:
    assert sb.dnse_username.endswith(".invalid") and "@" in sb.dnse_username
    assert (sb.dnse_account, sb.dnse_derivative_account) == ("0001888888", "0001888889")
    assert len(sb.dnse_smart_otp) == 6 and sb.dnse_smart_otp.isdigit()
    assert sb.apps["dnse"] is sb.dnse_app
    for secret in (sb.dnse_password, sb.dnse_smart_otp, sb.otp_code):
        assert secret not in repr(sb) and secret not in repr(sb.dnse_app.auth)
    assert Sandbox(seed=0).dnse_password != sb.dnse_password


@pytest.mark.parametrize("form", ["email", "EMAIL", "phone", "custody", "custody-lower"])
def test_login_takes_the_email_the_phone_or_the_custody_code(
    sb: Sandbox, client: httpx.Client, form: str
) -> None:
    investor = sb.dnse_app.customer.investor
    username = {
        "email": sb.dnse_username,
        "EMAIL": sb.dnse_username.upper(),
        "phone": investor.mobile,
        "custody": investor.custody,
        "custody-lower": investor.custody.lower(),
    }[form]
    r = DNSE(sb, client).login(username)
    assert r.status_code == 200 and set(r.json()) == {"token", "sandbox"}
    payload = claims(r.json()["token"])
    assert payload["sub"] == payload["investorId"] == "0001888800"
    assert payload["exp"] - payload["iat"] == 8 * 3600


@pytest.mark.parametrize(
    "change",
    [{"password": "wrong"}, {"username": "nobody@x.invalid"}, {"password": ""}, {}],
)
def test_a_bad_login_is_refused(sb: Sandbox, client: httpx.Client, change: dict[str, str]) -> None:
    wire = DNSE(sb, client)
    body = {"username": sb.dnse_username, "password": sb.dnse_password, **change}
    if not change:
        body = {"username": sb.dnse_username}  # no password at all
    r = client.post(wire.url("auth", "/login"), json=body)
    assert r.status_code in (400, 401) and r.json()["status"] == r.status_code
    assert sb.dnse_password not in r.text
    if change.get("password") == "wrong":
        assert wire.refused(r, 401, "UNAUTHORIZED") == "Username or password is incorrect"


def test_the_jwt_is_hs256_and_signed_by_the_sandbox(dnse: Wire, sb: Sandbox) -> None:
    head, body, signature = dnse.token.split(".")
    assert json.loads(base64.urlsafe_b64decode(head + "==")) == {"alg": "HS256", "typ": "JWT"}
    forged_claims = {**claims(dnse.token), "sub": "0001000006"}
    forged_body = base64.urlsafe_b64encode(json.dumps(forged_claims).encode()).rstrip(b"=")
    forged = f"{head}.{forged_body.decode()}.{signature}"
    key = hmac.new(b"guess", f"{head}.{body}".encode(), hashlib.sha256).digest()
    guessed = f"{head}.{body}.{base64.urlsafe_b64encode(key).rstrip(b'=').decode()}"
    for token in (forged, guessed, "not-a-jwt", dnse.token[:-2]):
        r = dnse.client.get(
            dnse.url("user", "/api/me"), headers={"Authorization": f"Bearer {token}"}
        )
        assert (r.status_code, r.json()["message"]) == (401, "Invalid signature")
        assert set(r.json()) == {"message", "sandbox"}


def test_the_jwt_expires_after_eight_hours(dnse: Wire, sb: Sandbox) -> None:
    issued = claims(dnse.token)["iat"]
    sb.dnse_app.auth.wall_clock = lambda: issued + 8 * 3600 - 1
    assert dnse.send("GET", "user", "/api/me").status_code == 200
    sb.dnse_app.auth.wall_clock = lambda: issued + 8 * 3600
    r = dnse.send("GET", "user", "/api/me")
    assert (r.status_code, r.json()["message"]) == (401, "Token expired")


def test_me_describes_the_investor(dnse: Wire, sb: Sandbox) -> None:
    me = dnse.get("user", "/api/me")
    assert (me["investorId"], me["custodyCode"], me["email"]) == (
        "0001888800",
        "064C888888",
        sb.dnse_username,
    )
    assert me["name"] == "Lê Văn C" and me["mobile"] == sb.dnse_app.customer.investor.mobile


def test_the_email_otp_is_valid_two_minutes_and_once(dnse: Wire, sb: Sandbox) -> None:
    clock = [1_800_000_000.0]
    sb.dnse_app.auth.wall_clock = lambda: clock[0]
    dnse.sign_in()
    r = dnse.trading_token(otp=sb.otp_code)  # nothing was requested yet
    assert dnse.refused(r, 400, "INVALID_OTP").startswith("No e-mail OTP is pending")
    assert dnse.send("GET", "auth", "/api/email-otp").status_code == 200
    assert sb.dnse_app.auth.otp_requests == 1
    clock[0] += 119
    assert dnse.refused(dnse.trading_token(otp="000000x"), 400, "INVALID_OTP").endswith("invalid")
    r = dnse.trading_token(otp=sb.otp_code)  # a wrong try did not use it up
    assert r.status_code == 200 and set(r.json()) == {"tradingToken", "sandbox"}
    again = dnse.trading_token(otp=sb.otp_code)
    assert dnse.refused(again, 400, "INVALID_OTP").startswith("No e-mail OTP is pending")
    dnse.send("GET", "auth", "/api/email-otp")
    clock[0] += 120
    late = dnse.trading_token(otp=sb.otp_code)
    assert dnse.refused(late, 400, "INVALID_OTP") == "The e-mail OTP has expired"
    assert sb.dnse_app.auth.otp_requests == 2


def test_the_smart_otp_serves_any_time(dnse: Wire, sb: Sandbox) -> None:
    tokens = {dnse.trading_token(smart_otp=sb.dnse_smart_otp).json()["tradingToken"] for _ in "ab"}
    assert len(tokens) == 2
    wrong = dnse.trading_token(smart_otp="999999" if sb.dnse_smart_otp != "999999" else "0")
    assert dnse.refused(wrong, 400, "INVALID_OTP") == "The smart OTP is invalid"
    assert dnse.refused(dnse.trading_token(), 400, "OTP_REQUIRED")
    # the e-mail OTP's header does not take the smart code, nor the other way round
    dnse.send("GET", "auth", "/api/email-otp")
    assert dnse.trading_token(otp=sb.dnse_smart_otp).status_code == 400
    if sb.otp_code != sb.dnse_smart_otp:
        assert dnse.trading_token(smart_otp=sb.otp_code).status_code == 400


@pytest.mark.parametrize(("method", "service", "rest"), READS + WRITES)
def test_every_call_but_login_and_the_chart_needs_the_bearer(
    sb: Sandbox, client: httpx.Client, method: str, service: str, rest: str
) -> None:
    wire = DNSE(sb, client)
    r = wire.send(method, service, rest, {} if method in ("POST", "PATCH") else None)
    assert (r.status_code, r.json()["message"]) == (401, "Missing token")
    assert set(r.json()) == {"message", "sandbox"}
    wire.extra = {"Authorization": "Basic abc"}
    assert wire.send(method, service, rest).status_code == 401


@pytest.mark.parametrize(("method", "service", "rest"), WRITES)
def test_writes_need_a_live_trading_token_of_the_investor(
    dnse: Wire, sb: Sandbox, method: str, service: str, rest: str
) -> None:
    token = dnse.trading
    dnse.trading = ""
    body = {} if method in ("POST", "PATCH") else None
    assert dnse.refused(dnse.send(method, service, rest, body), 401, "INVALID_TRADING_TOKEN")
    dnse.trading = "made-up"
    assert dnse.refused(dnse.send(method, service, rest, body), 401) == "Trading-Token is invalid"
    dnse.trading = sb.dnse_app.auth.issue_trading_token("0001000006")
    message = dnse.refused(dnse.send(method, service, rest, body), 401)
    assert message == "Trading-Token is not this investor's"
    dnse.trading = token
    assert dnse.send(method, service, rest, body).status_code != 401


def test_the_trading_token_lives_eight_hours(dnse: Wire, sb: Sandbox) -> None:
    start = 1_800_000_000.0
    sb.dnse_app.auth.wall_clock = lambda: start
    dnse.sign_in()
    dnse.unlock()
    sb.dnse_app.auth.wall_clock = lambda: start + 8 * 3600 - 1
    assert dnse.place().status_code == 200
    sb.dnse_app.auth.wall_clock = lambda: start + 8 * 3600
    dnse.sign_in()  # a fresh JWT: only the trading token is stale
    assert dnse.refused(dnse.place(), 401) == "Trading-Token has expired"


@pytest.mark.parametrize(("method", "service", "rest"), READS)
def test_reads_need_no_trading_token(dnse: Wire, method: str, service: str, rest: str) -> None:
    dnse.trading = ""
    if rest == "/trading-token":
        dnse.extra = {"SMART-OTP": dnse.sb.dnse_smart_otp}  # header names in any case
    assert dnse.send(method, service, rest).status_code == 200


def test_header_names_are_case_insensitive(dnse: Wire) -> None:
    headers = {"AUTHORIZATION": f"bearer {dnse.token}", "trading-token": dnse.trading}
    r = dnse.client.post(dnse.url("order", "/v2/orders"), json=dnse.order_body(), headers=headers)
    assert r.status_code == 200 and r.json()["orderStatus"] == "filled"


def test_both_layouts_answer_the_same(dnse: Wire, sb: Sandbox) -> None:
    other = DNSE(sb, dnse.client, layout="api")
    other.sign_in()
    other.unlock()
    for service, rest in (("user", "/api/me"), ("order", "/accounts")):
        assert dnse.get(service, rest) == other.get(service, rest)
    placed = other.placed()
    assert dnse.order(placed["id"]) == other.order(placed["id"])
    assert dnse.deals() == other.deals()
    assert dnse.get("derivative", "/deals", accountNo=sb.dnse_derivative_account) == {
        "data": [],
        "sandbox": other.get("derivative", "/deals", accountNo=sb.dnse_derivative_account)[
            "sandbox"
        ],
    }


def test_unknown_paths_and_wrong_methods(dnse: Wire) -> None:
    r = dnse.send("GET", "order", "/v2/nothing")
    assert dnse.refused(r, 404, "RESOURCE_NOT_FOUND") == "No route /dnse-order-service/v2/nothing"
    r = dnse.send("PUT", "order", "/v2/orders")
    assert dnse.refused(r, 405, "METHOD_NOT_ALLOWED") and r.headers["allow"] == "GET, POST"
    r = dnse.send("PUT", "order", "/v2/orders/1")
    assert r.status_code == 405 and r.headers["allow"] == "DELETE, GET"
    # the dnse- prefix is only for the five services that have it
    r = dnse.client.get("/dnse-conditional-order-api/v1/orders", headers=dnse.bearer())
    assert r.status_code == 404
    assert dnse.send("GET", "user", "/api/me/").status_code == 200  # a trailing / is fine
