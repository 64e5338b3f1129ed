"""Fixtures for the sandbox's Finhay dialect tests: plain httpx with only the API key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import httpx
import pytest

from vnfin.sandbox import Sandbox


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[httpx.Client]:
    """An httpx client on the sandbox's in-process transport, sending the API key (Tier 1)."""
    headers = {"X-FH-APIKEY": sandbox.api_key}
    with httpx.Client(transport=sandbox.transport, base_url="http://x", headers=headers) as c:
        yield c


def _payload(client: httpx.Client, path: str, key: str = "data", **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["error_code"] == "0" and body["message"] == "success"
    return body[key]


def _refusal(client: httpx.Client, path: str, **params: Any) -> str:
    r = client.get(path, params=params)
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["status"] == 400 and body["error_code"] == "400"
    return str(body["message"])


@pytest.fixture
def data(client: httpx.Client) -> Callable[..., Any]:
    """``data(path, key="data", **params)``: the payload of a successful GET."""
    return partial(_payload, client)


@pytest.fixture
def refused(client: httpx.Client) -> Callable[..., str]:
    """``refused(path, **params)``: the message of a 400 answer to a GET."""
    return partial(_refusal, client)
