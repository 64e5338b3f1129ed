"""``python -m vnfin.sandbox`` prints DNSE's credentials as environment variables and both
OTP codes, and they work against the server it starts, over real loopback HTTP, in both path
layouts."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx

NAMES = {"DNSE_BASE_URL", "DNSE_USERNAME", "DNSE_PASSWORD", "DNSE_ACCOUNT"}


def test_the_printed_credentials_work_over_loopback(cli: Callable[..., Any]) -> None:
    with cli() as lines:
        assert "DNSE LightSpeed" in lines[0]
        env = dict(line.strip().split("=", 1) for line in lines if line.startswith("DNSE_"))
        assert set(env) == NAMES and env["DNSE_ACCOUNT"] == "0001888888"
        assert env["DNSE_BASE_URL"] == next(
            line.strip().split("=", 1)[1] for line in lines if line.startswith("FINHAY_BASE_URL")
        )
        codes = {
            kind: line.rsplit(": ", 1)[1].strip()
            for line in lines
            for kind in ("smart", "e-mail")
            if line.startswith(f"DNSE {kind} OTP")
        }
        assert set(codes) == {"smart", "e-mail"}
        assert all(re.fullmatch(r"[0-9]{6}", code) for code in codes.values())
        with httpx.Client(base_url=env["DNSE_BASE_URL"]) as client:
            login = {"username": env["DNSE_USERNAME"], "password": env["DNSE_PASSWORD"]}
            token = client.post("/dnse-auth-service/login", json=login).json()["token"]
            bearer = {"Authorization": f"Bearer {token}"}
            me = client.get("/user-service/api/me", headers=bearer).json()
            assert me["email"] == env["DNSE_USERNAME"]
            smart = client.post(
                "/order-service/trading-token", headers={**bearer, "smart-otp": codes["smart"]}
            )
            assert smart.status_code == 200
            assert client.get("/dnse-auth-service/api/email-otp", headers=bearer).status_code == 200
            emailed = client.post(
                "/dnse-order-service/trading-token", headers={**bearer, "otp": codes["e-mail"]}
            )
            trading = {**bearer, "Trading-Token": emailed.json()["tradingToken"]}
            # a cancel of no order: past the trading token, whatever the hour
            r = client.delete(
                "/dnse-order-service/v2/orders/1",
                params={"accountNo": env["DNSE_ACCOUNT"]},
                headers=trading,
            )
            assert (r.status_code, r.json()["code"]) == (404, "RESOURCE_NOT_FOUND")
            accounts = client.get("/order-service/accounts", headers=bearer).json()["accounts"]
            assert accounts[0]["id"] == env["DNSE_ACCOUNT"]
