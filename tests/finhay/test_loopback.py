"""Over real HTTP on 127.0.0.1: the signed client, concurrency, and the CLI server."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

import vnfin
from vnfin.sandbox import Sandbox


def test_client_over_loopback_http(sandbox: Sandbox) -> None:
    url = sandbox.serve()
    assert url.startswith("http://127.0.0.1:")
    with vnfin.Finhay(sandbox.api_key, sandbox.api_secret, base_url=url) as fh:
        assert fh.request("GET", "/users/v1/users/me") == {"user_id": 123456}
        h = fh.market.history(["VNM", "FPT"], "2024-01-01", "2024-06-30")
        assert len(h) > 200
        session = fh.request("POST", "/auth/v1/openapi/2fa/request", json={"channel": "EMAIL"})
        assert "ticket_id" in session


def test_requests_are_served_concurrently() -> None:
    sb = Sandbox(latency=0.2, now="2026-11-20 10:30")
    url = sb.serve()
    try:
        fh = vnfin.Finhay(sb.api_key, sb.api_secret, base_url=url, max_concurrency=8)
        started = time.perf_counter()
        h = fh.market.history(
            ["VNM", "FPT", "HPG", "VCB", "MWG", "SSI", "ACB", "MBB"], "2025-01-01", "2025-06-30"
        )
        elapsed = time.perf_counter() - started
        assert len(h.index.get_level_values(0).unique()) == 8
        assert elapsed < 0.2 * 8 * 0.5  # well under the sequential 1.6 s
    finally:
        sb.close()


def test_plain_httpx_code_works_against_the_transport_and_server(sandbox: Sandbox) -> None:
    with httpx.Client(transport=sandbox.transport) as client:
        r = client.get(
            "https://open-api.fhsc.com.vn/market/stock-realtime?symbol=FPT",
            headers={"X-FH-APIKEY": sandbox.api_key},
        )
    assert r.json()["result"]["symbol"] == "FPT"
    url = sandbox.serve()
    r = httpx.get(
        f"{url}/market/stock-realtime",
        params={"symbol": "FPT"},
        headers={"X-FH-APIKEY": sandbox.api_key},
    )
    assert r.status_code == 200 and r.json()["result"]["exchange"] == "HOSE"


def test_timeout_becomes_request_timeout() -> None:
    sb = Sandbox(latency=1.0)
    url = sb.serve()
    try:
        fh = vnfin.Finhay(sb.api_key, sb.api_secret, base_url=url, timeout=0.2, max_retries=0)
        with pytest.raises(vnfin.RequestTimeout):
            fh.request("POST", "/auth/v1/openapi/2fa/request", json={"channel": "EMAIL"})
    finally:
        sb.close()


def test_cli_serves_and_prints_credentials() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "vnfin.sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        banner = proc.stdout.readline()
        assert "SIMULATED" in banner
        lines = {}
        for _ in range(3):
            key, value = proc.stdout.readline().strip().split("=", 1)
            lines[key] = value
        url, key, secret = (
            lines["FINHAY_BASE_URL"],
            lines["FINHAY_API_KEY"],
            lines["FINHAY_API_SECRET"],
        )
        fh = vnfin.Finhay(key, secret, base_url=url)
        assert fh.request("GET", "/users/v1/users/me") == {"user_id": 123456}
        assert fh.market.quote("VNM").attrs["simulated"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_sandbox_crash_is_a_500_answer_not_a_dropped_connection(sandbox: Sandbox) -> None:
    def broken(params: dict[str, str]) -> object:
        raise RuntimeError("boom")

    sandbox.finhay_app.routes._table[("GET", "/market/stock-realtime")] = broken  # type: ignore[assignment]
    for base_url in (None, sandbox.serve()):
        options = (
            {"max_retries": 0}
            if base_url is None
            else {"max_retries": 0, "base_url": base_url, "transport": None}
        )
        fh = sandbox.finhay(**options)
        with pytest.raises(vnfin.ServerError, match="sandbox failure: RuntimeError: boom"):
            fh.market.quote("VNM")
