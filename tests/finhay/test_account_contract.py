"""Contract tests of every ``fh.account`` call, on both faces, against the sandbox: the sandbox's
account side and vnfin's parsers were written separately from the same reference (§1.10,
§2.9-§2.13), so these check two readings of it against each other."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import vnfin
from vnfin.account import AccountSnapshot
from vnfin.sandbox import Sandbox

Face = Callable[..., Any]
ORDER, NORMAL, MARGIN = "0001234569", "0001234567", "0001234568"


def test_bootstrap(face: Face) -> None:
    assert face("account.me").user_id.tolist() == [123456]
    subs = face("account.sub_accounts")
    assert subs.id.tolist() == [NORMAL, MARGIN, ORDER]
    assert subs.is_order.tolist() == [False, False, True]
    assert set(subs.type) == {"NORMAL", "MARGIN"}


def test_summary_of_every_sub_account_by_default(face: Face) -> None:
    frame = face("account.summary")
    assert list(frame.index) == [NORMAL, MARGIN, ORDER] and frame.index.name == "sub_account"
    assert frame.loc[ORDER, "ci_balance"] == 500_000_000
    assert frame.loc[NORMAL, "ci_balance"] == 100_000_000
    assert frame.attrs["simulated"] and frame.attrs["unit"] == "VND"
    assert list(face("account.summary", "order").index) == [ORDER]
    assert list(face("account.summary", "120C001234.1").index) == [NORMAL]


def test_portfolio(face: Face) -> None:
    frame = face("account.portfolio")
    vnm = frame[(frame.sub_account == ORDER) & (frame.symbol == "VNM")].iloc[0]
    assert (vnm.quantity, vnm.sellable) == (1000, 1000)
    assert vnm.market_price > 0 and vnm.cost_price > 0
    assert set(frame.sub_account) == {NORMAL, MARGIN, ORDER}
    assert frame.dtypes["quantity"] == "Int64"
    assert frame.attrs["is_snapshot"] is False  # 10:30 on a trading day: live prices
    only = face("account.portfolio", "margin")
    assert only.symbol.tolist() == ["HPG"]


def test_pnl_rights_assets(face: Face) -> None:
    pnl = face("account.pnl_today")
    assert {"pnl_amount", "pnl_rate"} <= set(pnl.columns) and len(pnl) == 1
    rights = face("account.rights", "2026-01-01", "2026-11-20")
    assert {"sub_account", "symbol", "type", "report_date"} <= set(rights.columns)
    assert rights.report_date.is_monotonic_decreasing
    assets = face("account.assets")
    assert assets.loc[0, "net_asset_value"] > 0 and "money_ci_balance" in assets.columns


def test_buying_power(face: Face) -> None:
    power = face("account.buying_power", "VNM")
    assert power.loc[0, "buying_power"] == pytest.approx(500_000_000, rel=0.01)
    sell = face("account.buying_power", "VNM", "SELL")
    assert sell.loc[0, "sellable"] == 1000


def test_snapshot(face: Face) -> None:
    snap = face("account.snapshot")
    assert isinstance(snap, AccountSnapshot) and snap.simulated
    assert snap.accounts == (NORMAL, MARGIN, ORDER)
    assert snap.cash == 650_000_000
    portfolio = face("account.portfolio")
    assert len(snap.positions) == len(portfolio)
    assert snap.market_value == pytest.approx(
        float((portfolio.quantity * portfolio.market_price).sum())
    )
    assert "AccountSnapshot" in repr(snap) and "<table" in snap._repr_html_()


def test_orders_show_up_in_the_book_and_history(sandbox: Sandbox, face: Face) -> None:
    face("orders.request_otp")
    face("orders.verify_otp", sandbox.otp_code)
    placed = face("orders.place", "VNM", "BUY", 100, 68_000)
    book = face("account.order_book")
    row = book.set_index("order_id").loc[placed.order_id]
    assert (row.status, row.symbol, row.quantity, row.price) == ("open", "VNM", 100, 68_000)
    assert bool(row.allow_amend) and bool(row.allow_cancel)
    one = face("account.order", placed.order_id)
    assert one.order_id.tolist() == [placed.order_id]
    sandbox.now = "2026-11-20 14:30"  # the afternoon low of 67,800 fills it
    history = face("account.order_history", "2026-11-20", "2026-11-20")
    done = history.set_index("order_id").loc[placed.order_id]
    assert done.status == "filled" and done.fee_amount > 0


def test_history_follows_every_page(sandbox: Sandbox, face: Face) -> None:
    face("orders.request_otp")
    face("orders.verify_otp", sandbox.otp_code)
    for _ in range(23):  # more than one page of 20
        face("orders.place", "SHS", "BUY", 100, 22_000)
    history = face("account.order_history", "2026-11-20", "2026-11-20")
    assert len(history) == 23 and history.order_id.is_unique
    assert history.attrs["pages"] == 3  # two pages of orders, then an empty one


def test_unknown_sub_accounts_are_refused_with_the_choices(face: Face) -> None:
    with pytest.raises(vnfin.ValidationError, match=r"120C001234\.4 \(normal\)") as info:
        face("account.summary", "9999")
    assert info.value.argument == "sub_account"


def test_a_401_re_bootstraps_once_then_raises(sandbox: Sandbox) -> None:
    fh = sandbox.finhay()
    fh.account.sub_accounts()
    profile = fh._core.profile  # type: ignore[attr-defined]
    profile._accounts = tuple(type(a)(a.id, a.ext, a.type) for a in profile._accounts)
    sandbox.faults.clock_skew = 45  # every signed call is refused 401 for a moment
    before = sandbox.requests_seen
    with pytest.raises(vnfin.AuthError):
        fh.account.summary("order")
    # the read, the bootstrap (refused too), and no more
    assert sandbox.requests_seen - before == 2
    sandbox.faults.clock_skew = 0
    assert isinstance(fh.account.summary("order"), pd.DataFrame)
    fh.close()
