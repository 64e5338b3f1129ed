"""``vnfin.SSI()`` built from nothing but the environment that ``python -m vnfin.sandbox``
prints, over real loopback HTTP: market data, the account, and an order signed with the
printed key in SSI's XML format (the issue's promise: the printed lines are all a user
needs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import vnfin


def test_a_client_built_from_the_printed_environment_trades(
    monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Any]
) -> None:
    with cli() as lines:
        for line in lines:
            if line.startswith("SSI_"):
                name, value = line.strip().split("=", 1)
                monkeypatch.setenv(name, value)
        [pin] = [line.rsplit(": ", 1)[1].strip() for line in lines if line.startswith("SSI PIN")]
        with vnfin.SSI() as ssi:
            bars = ssi.market.history("VNM", "2025-01-01", "2025-03-31")
            assert len(bars) > 50 and bars.attrs["simulated"]
            positions = ssi.account.stock_position()
            assert "VNM" in set(positions["symbol"])
            today = ssi.market.daily_prices("VNM", pd.Timestamp.now() - pd.Timedelta(days=10))
            price = float(today["reference"].iloc[-1])
            ssi.auth.verify(pin)
            # The wall clock decides whether the market is open; either way the signed order
            # must reach the matching desk (a bad signature would be an AuthError instead).
            result: vnfin.Order | vnfin.OrderRejected
            try:
                result = ssi.orders.place("VNM", "BUY", 100, price)
            except vnfin.OrderRejected as refused:
                result = refused
            if isinstance(result, vnfin.OrderRejected):
                assert result.error_code == "ORD016", result  # not in session now
            else:
                assert result.request_id and result.symbol == "VNM"
