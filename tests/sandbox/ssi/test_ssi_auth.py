"""SSI's credentials on the wire (reference §1.2–§1.4, §2.1): the key in SSI's XML format,
GetOTP, both AccessToken flows with PIN and OTP and ``isSave``, token expiry, bearer checks,
``X-Signature`` over the raw body, and the dialect's routing (case-insensitive paths, 404,
405)."""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from vnfin.sandbox import Sandbox

from .conftest import MARKET, TRADING, claims, key_from_xml, sign

SSI = Any  # the conftest's SSI


def test_the_private_key_is_a_1024_bit_key_in_dotnet_xml(sb: Sandbox) -> None:
    xml = base64.b64decode(sb.ssi_private_key).decode("utf-8")
    root = ET.fromstring(xml)  # noqa: S314 (the sandbox's own key)
    assert [child.tag for child in root] == [
        *("Modulus", "Exponent", "P", "Q", "DP", "DQ", "InverseQ", "D"),
    ]
    assert root.findtext("Exponent") == "AQAB"
    sizes = {c.tag: len(base64.b64decode(c.text or "")) for c in root}
    assert (sizes["Modulus"], sizes["D"], sizes["P"], sizes["InverseQ"]) == (128, 128, 64, 64)
    key = key_from_xml(sb.ssi_private_key)
    assert key.key_size == 1024
    assert sb.ssi_private_key not in repr(sb) and sb.ssi_consumer_secret not in repr(sb)
    assert sb.ssi_pin not in repr(sb.ssi_app.auth)


def test_the_sandboxes_credentials(sb: Sandbox) -> None:
    assert sb.ssi_account == "1234567" and sb.ssi_derivative_account == "12345678"
    assert len(sb.ssi_pin) == len(sb.ssi_otp_code) == 6 and sb.ssi_pin.isdigit()
    assert (sb.ssi_data_consumer_id, sb.ssi_data_consumer_secret) == (
        sb.ssi_consumer_id,
        sb.ssi_consumer_secret,
    )
    assert sb.apps["ssi"] is sb.ssi_app and sb.ssi_app.two_factor_type == 0
    other = Sandbox(seed=0)
    assert other.ssi_consumer_secret != sb.ssi_consumer_secret
    assert other.ssi_private_key != sb.ssi_private_key


def test_a_pin_write_token(ssi: SSI, sb: Sandbox) -> None:
    payload = claims(ssi.token)
    header = json.loads(base64.urlsafe_b64decode(ssi.token.split(".")[0] + "=="))
    assert header == {"alg": "RS256", "typ": "JWT"}
    assert payload["consumerID"] == sb.ssi_consumer_id and payload["aud"] == "FCTrading"
    assert payload["isSave"] is True and payload["twoFactorType"] == 0
    assert payload["exp"] - payload["iat"] == 8 * 3600
    head, body, signature = ssi.token.split(".")
    public = sb.ssi_app.auth.signer.public_key()
    raw = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    public.verify(raw, f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"consumerID": "nobody"}, "Key does not exist."),
        ({"consumerSecret": "wrong"}, "ConsumerSecret is invalid"),
        ({"code": "000000x"}, "PIN is invalid"),
        ({"code": ""}, "PIN is required"),
        ({"twoFactorType": 1}, "TwoFactorType 1 does not match"),
        ({"twoFactorType": 2}, "TwoFactorType must be 0 (PIN) or 1 (OTP)"),
        ({"isSave": "maybe"}, "IsSave must be true or false"),
    ],
)
def test_access_token_refusals(ssi: SSI, sb: Sandbox, change: dict[str, Any], message: str) -> None:
    body = {
        "consumerID": sb.ssi_consumer_id,
        "consumerSecret": sb.ssi_consumer_secret,
        "twoFactorType": 0,
        "code": sb.ssi_pin,
        "isSave": True,
        **change,
    }
    r = ssi.client.post(f"{TRADING}/AccessToken", json=body)
    refusal = ssi.refused(r, 400)
    assert refusal["message"].startswith(message) and refusal["data"] is None
    assert sb.ssi_pin not in r.text


def test_a_read_token_takes_any_code_and_writes_need_the_pin(ssi: SSI, sb: Sandbox) -> None:
    ssi.login(code="1", save=False)
    assert claims(ssi.token)["isSave"] is False
    assert ssi.ok(ssi.get("orderBook", account=sb.ssi_account)) == {"orders": []}
    missing = ssi.refused(ssi.post("NewOrder", ssi.order(price=69_500)))
    assert missing["message"] == "PIN is required"
    wrong = ssi.refused(ssi.post("NewOrder", ssi.order(price=69_500, code="999999x")))
    assert wrong["message"] == "PIN is invalid"
    body = ssi.order(price=69_500, code=sb.ssi_pin)
    data = ssi.ok(ssi.post("NewOrder", body))
    assert "code" not in data["requestData"] and sb.ssi_pin not in json.dumps(data)
    assert ssi.find(body["requestID"])["orderStatus"] == "FF"


def test_otp_accounts(ssi: SSI, sb: Sandbox) -> None:
    sb.ssi_app.two_factor_type = 1
    body = {"consumerID": sb.ssi_consumer_id, "consumerSecret": sb.ssi_consumer_secret}
    assert ssi.ok(ssi.client.post(f"{TRADING}/GetOTP", json=body)) is None
    assert ssi.ok(ssi.client.post(f"{TRADING}/getotp", json=body)) is None
    assert sb.ssi_app.auth.otp_requests == 2
    bad = ssi.client.post(f"{TRADING}/GetOTP", json={**body, "consumerID": "x"})
    assert ssi.refused(bad)["message"] == "ConsumerID is invalid"
    pin = ssi.access_token(code=sb.ssi_pin, kind=1)
    assert ssi.refused(pin)["message"] == "OTP is invalid"
    assert ssi.refused(ssi.access_token(code=sb.ssi_otp_code, kind=0))["message"].startswith(
        "TwoFactorType 0 does not match"
    )
    ssi.login(code=sb.ssi_otp_code, kind=1)
    assert claims(ssi.token)["twoFactorType"] == 1
    ssi.ok(ssi.post("NewOrder", ssi.order(price=69_500)))
    ssi.login(code="1", save=False, kind=1)
    assert ssi.refused(ssi.post("NewOrder", ssi.order(price=69_500)))["message"] == (
        "OTP is required"
    )
    ssi.ok(ssi.post("NewOrder", ssi.order(price=69_500, code=sb.ssi_otp_code)))
    with pytest.raises(ValueError, match="two_factor_type"):
        sb.ssi_app.two_factor_type = 2


def test_tokens_expire_after_eight_hours_of_the_server_clock(ssi: SSI, sb: Sandbox) -> None:
    issued = claims(ssi.token)["iat"]
    sb.ssi_app.auth.wall_clock = lambda: issued + 8 * 3600 - 1
    ssi.ok(ssi.get("orderBook", account=sb.ssi_account))
    sb.ssi_app.auth.wall_clock = lambda: issued + 8 * 3600
    refusal = ssi.refused(ssi.get("orderBook", account=sb.ssi_account), 401)
    assert refusal["message"] == "Unauthorized: the access token has expired"
    ssi.login()
    ssi.ok(ssi.get("orderBook", account=sb.ssi_account))
    sb.ssi_app.token_lifetime = 60
    assert claims(ssi.login())["exp"] - claims(ssi.token)["iat"] == 60


def test_bearer_tokens_are_checked(ssi: SSI, sb: Sandbox) -> None:
    good = ssi.token
    for token, message in [
        ("", "Unauthorized: an access token is required"),
        ("not-a-jwt", "Unauthorized: invalid access token"),
        (good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB"), "invalid access token"),
        (ssi.data_token, "Unauthorized: this access token is not for FCTrading"),
    ]:
        ssi.token = token
        assert message in ssi.refused(ssi.get("orderBook", account=sb.ssi_account), 401)["message"]
    # a token signed with another key (here the consumer's own) is not the server's
    head, body, _ = good.split(".")
    forged = key_from_xml(sb.ssi_private_key).sign(
        f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256()
    )
    ssi.token = f"{head}.{body}." + base64.urlsafe_b64encode(forged).rstrip(b"=").decode()
    assert ssi.refused(ssi.get("orderBook", account=sb.ssi_account), 401)
    r = ssi.client.get(f"{MARKET}/IndexList", headers={"Authorization": f"Bearer {good}"})
    assert "not for FCData" in ssi.refused(r, 401)["message"]


def test_signatures_are_checked_over_the_raw_body(ssi: SSI) -> None:
    body = ssi.order(price=69_500)
    raw = json.dumps(body).encode()
    assert b", " in raw  # json.dumps's default separators, as SSI's Python client sends
    tampered = raw.replace(b'"quantity": 100', b'"quantity": 200')
    r = ssi.post("NewOrder", tampered, signature=sign(ssi.key, raw))
    assert ssi.refused(r, 401)["message"] == "X-Signature is invalid"
    assert ssi.refused(ssi.post("NewOrder", raw, signature=""), 401)["message"] == (
        "X-Signature is required"
    )
    other = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 (SSI's size)
    assert ssi.refused(ssi.post("NewOrder", raw, key=other), 401)
    assert ssi.refused(ssi.post("NewOrder", raw, signature="zz" * 128), 401)
    assert ssi.refused(ssi.post("NewOrder", raw, signature="0" * 5000), 401)
    assert ssi.sb.order_writes == 5
    ssi.ok(ssi.post("NewOrder", raw, signature=sign(ssi.key, raw).upper()))
    compact = ssi.order(price=69_500)
    ssi.ok(ssi.post("NewOrder", compact, compact=True))


def test_the_token_calls_are_not_signed_and_gets_need_no_signature(ssi: SSI, sb: Sandbox) -> None:
    r = ssi.client.get(
        f"{TRADING}/stockPosition",
        params={"account": sb.ssi_account},
        headers={"Authorization": f"Bearer {ssi.token}", "X-Signature": "junk"},
    )
    ssi.ok(r)
    assert ssi.access_token().status_code == 200  # no X-Signature, no bearer


def test_paths_are_case_insensitive_and_unknown_ones_are_404(ssi: SSI, sb: Sandbox) -> None:
    auth = {"Authorization": f"Bearer {ssi.token}"}
    for path in (
        "/api/v2/Trading/orderBook",
        "/API/V2/TRADING/ORDERBOOK",
        "/api/v2/trading/orderbook/",
    ):
        r = ssi.client.get(path, params={"account": sb.ssi_account}, headers=auth)
        assert ssi.ok(r) == {"orders": []}, path
    r = ssi.client.get("/api/v2/Trading/nowhere", headers=auth)
    assert ssi.refused(r, 404)["message"] == "No route /api/v2/Trading/nowhere"
    r = ssi.client.post("/api/v2/Trading/orderBook", headers=auth)
    assert ssi.refused(r, 405) and r.headers["allow"] == "GET"
    r = ssi.client.get(f"{TRADING}/NewOrder", headers=auth)
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    r = ssi.client.post(f"{TRADING}/AccessToken", content=b"{not json")
    assert ssi.refused(r)["message"] == "The request body is not valid JSON"
    with httpx.Client(transport=sb.transport) as plain:
        assert plain.get("http://x/api/v2").json()["status"] == 404


def test_field_names_in_any_case(ssi: SSI, sb: Sandbox) -> None:
    body = {
        "ConsumerID": sb.ssi_consumer_id,
        "ConsumerSecret": sb.ssi_consumer_secret,
        "TwoFactorType": "0",
        "Code": sb.ssi_pin,
        "IsSave": "True",
    }
    r = ssi.client.post(f"{TRADING}/AccessToken", json=body)
    assert claims(ssi.ok(r)["accessToken"])["isSave"] is True


def test_the_router_gives_ssi_its_prefix_in_any_case(ssi: SSI, sb: Sandbox) -> None:
    assert sb.router.owner("/API/V2/Trading/x") is sb.ssi_app
    assert sb.router.owner("/api/v2") is sb.ssi_app
    assert sb.router.owner("/MARKET/stock-realtime") is None  # Finhay's paths keep their case
    assert sb.router.owner("/api/v20") is None
    r = ssi.post("NewOrder", b"{" + b" " * (1024 * 1024) + b"}")
    assert ssi.refused(r, 413)["message"] == "Request body over 1048576 bytes"
