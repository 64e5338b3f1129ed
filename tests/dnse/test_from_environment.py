"""``vnfin.DNSE()`` built from nothing but the environment that ``python -m vnfin.sandbox``
prints, over real loopback HTTP: prices, the account, a trading token from the printed Smart
OTP, and an order (the issue's promise: the printed lines are all a user needs)."""

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
            if line.startswith("DNSE_"):
                name, value = line.strip().split("=", 1)
                monkeypatch.setenv(name, value)
        [smart] = [line.rsplit(": ", 1)[1].strip() for line in lines if "smart OTP" in line]
        with vnfin.DNSE() as dnse:
            bars = dnse.market.history("VNM", "2025-01-01", "2025-03-31")
            assert len(bars) > 50 and bars.close.min() > 1_000  # VND, not thousands
            deals = dnse.account.deals()
            assert "VNM" in set(deals["symbol"])
            recent = dnse.market.history("VNM", pd.Timestamp.now() - pd.Timedelta(days=10))
            price = float(recent.close.iloc[-1])  # inside today's band
            dnse.auth.trading_token(smart, method="smart")
            power = dnse.account.buying_power("VNM", price)
            assert float(power["ppse"].iloc[0]) > 0
            # The wall clock decides whether the market is open; either way the order must
            # reach the desk with the trading token (a missing one would be TwoFactorRequired).
            result: vnfin.Order | vnfin.OrderRejected | vnfin.BadRequest
            try:
                result = dnse.orders.place("VNM", "BUY", 100, price)
            except (vnfin.OrderRejected, vnfin.BadRequest) as refused:
                result = refused
            if isinstance(result, vnfin.Order):
                assert result.symbol == "VNM" and result.order_id
            else:
                assert result.error_code in ("MARKET_CLOSED", "ORDER_TYPE_NOT_ALLOWED_IN_SESSION")
