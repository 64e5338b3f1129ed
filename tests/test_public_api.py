"""The public surface: curated, sorted, complete, documented."""

from __future__ import annotations

import inspect
import subprocess
import sys

import vnfin
from vnfin import errors
from vnfin.finhay.market import AsyncMarket, Market


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


def test_sync_face_mirrors_async_face() -> None:
    endpoints = {
        n
        for n, f in inspect.getmembers(AsyncMarket, inspect.iscoroutinefunction)
        if not n.startswith("_")
    }
    assert endpoints == {"quote", "quotes", "indices", "index_intraday", "session", "history"}
    for name in endpoints:
        sync = getattr(Market, name)
        assert sync.__doc__ == getattr(AsyncMarket, name).__doc__
        assert "columns" in sync.__doc__.lower()  # every endpoint says what it returns
        assert inspect.signature(sync.fn) == inspect.signature(getattr(AsyncMarket, name))


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
