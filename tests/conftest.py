"""Shared fixtures. No test reaches the internet: any socket connection to a non-loopback
address fails the test that made it."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest

from vnfin.sandbox import Sandbox

# A Friday in the middle of the morning session; the market is pinned there for determinism.
MARKET_NOW = "2026-11-20 10:30"

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else None
    if isinstance(host, str):
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            ip = None
        if host != "localhost" and (ip is None or not ip.is_loopback):
            raise OSError(f"test tried to reach {host}: tests stay on loopback")
    return _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    sb = Sandbox(seed=0, now=MARKET_NOW)
    yield sb
    sb.close()


@pytest.fixture
def fh(sandbox: Sandbox):  # type: ignore[no-untyped-def]
    client = sandbox.finhay()
    yield client
    client.close()
