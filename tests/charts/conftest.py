"""Fixtures of the chart tests: frames from one in-process sandbox (fetched once), builders
for hand-made frames, and a guard that fails any test whose chart calls ``show``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from vnfin import AccountSnapshot, Finhay
from vnfin.frames import VN_TZ

NOW = "2026-11-20 10:30"  # a Friday morning session, pinned for determinism

Bars = Callable[..., pd.DataFrame]


@pytest.fixture(autouse=True)
def _never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a chart function called show()")

    monkeypatch.setattr(go.Figure, "show", refuse)
    monkeypatch.setattr(pio, "show", refuse)


@pytest.fixture(scope="package")
def finhay() -> Iterator[Finhay]:
    from vnfin.sandbox import Sandbox

    sandbox = Sandbox(seed=0, now=NOW)
    client = sandbox.finhay()
    yield client
    client.close()
    sandbox.close()


@pytest.fixture(scope="package")
def daily(finhay: Finhay) -> pd.DataFrame:
    """2024 daily bars of VNM, FPT and HPG under a (symbol, time) index."""
    return finhay.market.history(["VNM", "FPT", "HPG"], "2024-01-01", "2024-12-31")


@pytest.fixture(scope="package")
def snapshot(finhay: Finhay) -> AccountSnapshot:
    return finhay.account.snapshot()


@pytest.fixture
def bars() -> Bars:
    """``bars(times, opens, closes, volumes=None)``: a hand-made bar frame on a Vietnam-time
    ``time`` index (high/low around open and close), stamped VND and not simulated."""

    def build(
        times: Sequence[str],
        opens: Sequence[float],
        closes: Sequence[float],
        volumes: Sequence[int] | None = None,
    ) -> pd.DataFrame:
        index = pd.DatetimeIndex(pd.to_datetime(list(times)), name="time").tz_localize(VN_TZ)
        frame = pd.DataFrame({"open": opens, "close": closes}, index=index, dtype=float)
        frame.insert(1, "high", frame[["open", "close"]].max(axis=1) + 100)
        frame.insert(2, "low", frame[["open", "close"]].min(axis=1) - 100)
        frame["volume"] = list(volumes or [1000] * len(frame))
        frame.attrs.update(unit="VND", simulated=False)
        return frame

    return build
