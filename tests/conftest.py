"""Shared fixtures. No test reaches the internet: any socket connection to a non-loopback
address fails the test that made it."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from vnfin.sandbox import Sandbox

# A Friday in the middle of the morning session; the market is pinned there for determinism.
MARKET_NOW = "2026-11-20 10:30"

#: ``face("market.quote", "VNM")``: one endpoint call through the face under test.
Face = Callable[..., Any]

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
def alarm() -> Iterator[None]:
    """SIGALRM raises KeyboardInterrupt, as Ctrl-C would: arm it with
    ``signal.setitimer(signal.ITIMER_REAL, seconds)`` while the main thread waits."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    from vnfin.sandbox import Sandbox

    sb = Sandbox(seed=0, now=MARKET_NOW)
    yield sb
    sb.close()


@pytest.fixture
def fh(sandbox: Sandbox):  # type: ignore[no-untyped-def]
    client = sandbox.finhay()
    yield client
    client.close()


@pytest.fixture(params=["sync", "async"])
def face(request: pytest.FixtureRequest, sandbox: Sandbox) -> Iterator[Face]:
    """Call an endpoint of a sandbox Finhay client by dotted name, through the blocking face
    or through the async face (awaited on a loop of the test's own)."""
    if request.param == "sync":
        client = sandbox.finhay()

        def sync(name: str, *args: Any, **kwargs: Any) -> Any:
            group, method = name.split(".")
            return getattr(getattr(client, group), method)(*args, **kwargs)

        yield sync
        client.close()
    else:
        aclient = sandbox.async_finhay()
        loop = asyncio.new_event_loop()

        def run(name: str, *args: Any, **kwargs: Any) -> Any:
            group, method = name.split(".")
            return loop.run_until_complete(
                getattr(getattr(aclient, group), method)(*args, **kwargs)
            )

        yield run
        loop.run_until_complete(aclient.aclose())
        loop.close()


@contextlib.contextmanager
def cli_sandbox(*options: str) -> Iterator[list[str]]:
    """``python -m vnfin.sandbox --port 0`` in its own process, as a user starts it: yields
    its banner's lines (up to ``Ctrl-C``), and stops it afterwards."""
    command = [sys.executable, "-m", "vnfin.sandbox", "--port", "0", *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        lines: list[str] = []
        while not lines or not lines[-1].startswith("Ctrl-C"):
            lines.append(process.stdout.readline())
            assert lines[-1], f"the sandbox stopped printing: {lines}"
        yield lines
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def cli() -> Callable[..., contextlib.AbstractContextManager[list[str]]]:
    """:func:`cli_sandbox`, for tests that start the command-line sandbox."""
    return cli_sandbox
