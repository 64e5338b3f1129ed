"""``python -m vnfin.sandbox`` prints SSI's credentials as environment variables, and they work
against the server it starts, over real loopback HTTP: a token from the printed PIN, a request
signed with the printed key in SSI's XML format, an FCData call."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx

from .conftest import key_from_xml, sign

NAMES = {
    *("SSI_TRADING_URL", "SSI_DATA_URL", "SSI_CONSUMER_ID", "SSI_CONSUMER_SECRET"),
    *("SSI_PRIVATE_KEY", "SSI_ACCOUNT", "SSI_DERIVATIVE_ACCOUNT", "SSI_DATA_CONSUMER_ID"),
    *("SSI_DATA_CONSUMER_SECRET", "SSI_TWO_FACTOR_TYPE"),
}


def test_the_printed_credentials_work_over_loopback(cli: Callable[..., Any]) -> None:
    with cli("--ssi-two-factor-type", "1") as lines:
        env = dict(line.strip().split("=", 1) for line in lines if line.startswith("SSI_"))
        assert set(env) == NAMES and env["SSI_TWO_FACTOR_TYPE"] == "1"
        assert (env["SSI_ACCOUNT"], env["SSI_DERIVATIVE_ACCOUNT"]) == ("1234567", "12345678")
        [otp] = [line for line in lines if line.startswith("SSI OTP")]
        code = otp.rsplit(": ", 1)[1].strip()
        assert re.fullmatch(r"[0-9]{6}", code)
        key = key_from_xml(env["SSI_PRIVATE_KEY"])
        with httpx.Client(base_url=env["SSI_TRADING_URL"]) as client:
            login = {
                "consumerID": env["SSI_CONSUMER_ID"],
                "consumerSecret": env["SSI_CONSUMER_SECRET"],
                "twoFactorType": 1,
                "code": code,
                "isSave": True,
            }
            token = client.post("/api/v2/Trading/AccessToken", json=login).json()
            bearer = {"Authorization": f"Bearer {token['data']['accessToken']}"}
            # a request ID that is no ID: refused after the signature check, whatever the hour
            raw = json.dumps({"account": env["SSI_ACCOUNT"], "requestID": "x"}).encode()
            signed = {**bearer, "X-Signature": sign(key, raw), "Content-Type": "application/json"}
            r = client.post("/api/v2/Trading/NewOrder", content=raw, headers=signed)
            assert (r.status_code, r.json()["data"]["errorCode"]) == (400, "ORD006")
            forged = {**signed, "X-Signature": sign(key, raw + b" ")}
            assert (
                client.post("/api/v2/Trading/NewOrder", content=raw, headers=forged).status_code
                == 401
            )
        with httpx.Client(base_url=env["SSI_DATA_URL"]) as client:
            data = {
                "consumerID": env["SSI_DATA_CONSUMER_ID"],
                "consumerSecret": env["SSI_DATA_CONSUMER_SECRET"],
            }
            token = client.post("/api/v2/Market/AccessToken", json=data).json()
            headers = {"Authorization": f"Bearer {token['data']['accessToken']}"}
            r = client.get("/api/v2/Market/IndexList", headers=headers)
            assert r.json()["totalRecord"] == 5
