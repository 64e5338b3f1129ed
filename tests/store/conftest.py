"""Fixtures for the history store's tests: a sandbox pinned after Friday's close, a store in a
temporary folder on the sandbox's market clock, and a transport that records every window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pytest

from vnfin.sandbox import Sandbox
from vnfin.store import Store

AFTER_CLOSE = "2026-11-20 16:00"  # a Friday, the session over
#: attrs a stored fetch must share with a plain one (fetched_at differs by nature).
ATTRS = ("source", "endpoint", "unit", "resolution", "simulated", "symbols", "start", "end")


class Recorder(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Hands requests to the sandbox and keeps the query of each history request."""

    vnfin_sandbox = True  # it is the sandbox's transport, wrapped: its bars are simulated

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.queries: list[dict[str, str]] = []

    def _note(self, request: httpx.Request) -> None:
        self.queries.append(dict(request.url.params))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._note(request)
        response: httpx.Response = self.inner.handle_request(request)
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._note(request)
        response: httpx.Response = await self.inner.handle_async_request(request)
        return response

    def windows(self) -> list[tuple[str, str]]:
        """The ``from``/``to`` of each Finhay history request, as Vietnam dates."""

        def day(seconds: str) -> str:
            stamp = pd.Timestamp(int(seconds), unit="s", tz="UTC").tz_convert("Asia/Ho_Chi_Minh")
            return f"{stamp:%Y-%m-%d}"

        return [(day(q["from"]), day(q["to"])) for q in self.queries if "from" in q]


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(seed=0, now=AFTER_CLOSE) as sandbox:
        yield sandbox


@pytest.fixture
def store(tmp_path: Path, sb: Sandbox) -> Store:
    return Store(tmp_path / "store", clock=lambda: sb.now)


@pytest.fixture
def recorder(sb: Sandbox) -> Recorder:
    return Recorder(sb.transport)


@pytest.fixture
def fh(sb: Sandbox, recorder: Recorder) -> Any:
    return sb.finhay(transport=recorder)


def _same(stored: pd.DataFrame, plain: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(stored, plain)
    for key in ATTRS:
        assert stored.attrs[key] == plain.attrs[key], key


@pytest.fixture
def same() -> Any:
    """``same(stored, plain)``: the stored fetch is the plain fetch — values, dtypes, index
    and the attrs that matter."""
    return _same
