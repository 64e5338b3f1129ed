"""The public surface: curated, sorted, complete, documented."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

import vnfin
from vnfin import errors
from vnfin.finhay.commodities import AsyncCommodities, Commodities
from vnfin.finhay.fundamentals import AsyncFundamentals, Fundamentals
from vnfin.finhay.funds import AsyncFunds, Funds
from vnfin.finhay.macro import AsyncMacro, Macro
from vnfin.finhay.market import AsyncMarket, Market
from vnfin.finhay.news import AsyncNews, News


def test_all_is_sorted_and_complete() -> None:
    assert vnfin.__all__ == sorted(vnfin.__all__)
    for name in vnfin.__all__:
        assert hasattr(vnfin, name)
    assert set(errors.__all__) <= set(vnfin.__all__)
    assert errors.__all__ == sorted(errors.__all__)


def test_exception_tree() -> None:
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.VnfinError)
    assert issubclass(errors.TwoFactorRequired, errors.AuthError)
    assert issubclass(errors.RequestTimeout, errors.TransportError)
    assert issubclass(errors.ValidationError, ValueError)
    assert not issubclass(errors.TransportError, errors.APIError)


GROUPS = {
    "market": (AsyncMarket, Market),
    "fundamentals": (AsyncFundamentals, Fundamentals),
    "news": (AsyncNews, News),
    "macro": (AsyncMacro, Macro),
    "commodities": (AsyncCommodities, Commodities),
    "funds": (AsyncFunds, Funds),
}


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_sync_face_mirrors_async_face(group: str) -> None:
    async_cls, sync_cls = GROUPS[group]
    endpoints = {n for n, _ in inspect.getmembers(async_cls, inspect.iscoroutinefunction)
                 if not n.startswith("_")}  # fmt: skip
    mirrored = {n for n, v in vars(sync_cls).items() if not n.startswith("_")}
    assert endpoints == mirrored
    for name in endpoints:
        sync = getattr(sync_cls, name)
        assert sync.__doc__ == getattr(async_cls, name).__doc__
        assert "columns" in sync.__doc__.lower() or "column" in sync.__doc__.lower()
        assert inspect.signature(sync.fn) == inspect.signature(getattr(async_cls, name))


def test_clients_expose_every_group() -> None:
    fh = vnfin.Finhay("ak_test_x", "s")
    afh = vnfin.AsyncFinhay("ak_test_x", "s")
    for group, (async_cls, sync_cls) in GROUPS.items():
        assert isinstance(getattr(fh, group), sync_cls)
        assert isinstance(getattr(afh, group), async_cls)


def test_demo_runs_on_the_sandbox() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "vnfin.demo"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "SIMULATED" in out.stdout
    for symbol in ("VNM", "FPT", "SHS", "ACV", "VNINDEX"):
        assert symbol in out.stdout
    assert "index ['symbol', 'time']" in out.stdout
