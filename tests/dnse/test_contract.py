"""Contract tests: every call of the DNSE client, on both faces, against the sandbox's DNSE
dialect (``Sandbox().dnse()``), which verifies requests like the real server with its own
code. Prices agree bar for bar with Finhay's history of the same simulated world."""

from __future__ import annotations

import pandas as pd
import pytest

import vnfin
from vnfin.orders import OrderStatus, Preview
from vnfin.sandbox import Sandbox

from .conftest import Face

pytestmark = pytest.mark.filterwarnings("ignore:price .* estimated band:UserWarning")


def login(face: Face, sandbox: Sandbox) -> None:
    face("auth.trading_token", sandbox.dnse_smart_otp)


def test_the_sandbox_speaks_dnse(sandbox: Sandbox) -> None:
    assert "dnse" in sandbox.apps


def test_auth(face: Face, sandbox: Sandbox) -> None:
    expires = face("auth.login")
    assert isinstance(expires, pd.Timestamp) and expires > pd.Timestamp.now(tz="UTC")
    smart = face("auth.trading_token", sandbox.dnse_smart_otp)
    assert smart - pd.Timestamp.now(tz="UTC") > pd.Timedelta(hours=7, minutes=59)
    assert face("auth.request_email_otp") is None
    assert face("auth.trading_token", sandbox.otp_code, method="email") >= smart
    with pytest.raises(vnfin.TwoFactorRequired, match="INVALID_OTP"):
        face("auth.trading_token", sandbox.otp_code, method="email")  # used once already


def test_investor_and_accounts(face: Face, sandbox: Sandbox) -> None:
    me = face("account.me")
    assert me["email"].iloc[0] == sandbox.dnse_username and "sandbox" not in me.columns
    accounts = face("account.accounts")
    assert list(accounts["account"]) == [sandbox.dnse_account, sandbox.dnse_derivative_account]
    assert list(accounts["derivative_account"]) == [False, True]
    assert accounts.attrs["simulated"] is True


def test_balance_packages_and_buying_power(face: Face, sandbox: Sandbox) -> None:
    balance = face("account.balance")
    assert balance["account"].iloc[0] == sandbox.dnse_account
    assert balance["total_cash"].iloc[0] > 0 and balance.attrs["unit"] == "VND"
    packages = face("account.loan_packages")
    assert set(packages["type"]) == {"N", "M"}
    power = face("account.buying_power", "VNM", 66000)
    cash = packages.loc[packages["type"] == "N", "loan_package_id"].iloc[0]
    assert power.attrs["loan_package"] == cash and power["qmax"].iloc[0] > 0
    assert power["trade_quantity"].iloc[0] == 1000  # the VNM the investor holds
    derivative = face("account.derivative_loan_packages")
    assert len(derivative) == 1
    deposit = face("account.derivative_balance")
    assert deposit["account"].iloc[0] == sandbox.dnse_derivative_account
    assert deposit["total_cash"].iloc[0] > 0
    with pytest.raises(vnfin.BadRequest, match="SYMBOL_NOT_FOUND"):  # the world has no futures
        face("account.derivative_buying_power", "VN30F2412", 1300.1)


def test_deals_and_snapshot(face: Face, sandbox: Sandbox) -> None:
    deals = face("account.deals")
    assert set(deals["symbol"]) >= {"VNM"} and set(deals["status"]) == {"OPEN"}
    snapshot = face("account.snapshot")
    assert isinstance(snapshot, vnfin.AccountSnapshot)
    assert snapshot.accounts == (sandbox.dnse_account,) and snapshot.simulated
    held = {p.symbol: p.quantity for p in snapshot.positions}
    assert held == dict(zip(deals["symbol"], deals["open_quantity"], strict=True))
    assert face("account.derivative_deals").empty
    assert face("account.derivative_orders").empty


def test_an_order_from_place_to_cancel(face: Face, sandbox: Sandbox) -> None:
    login(face, sandbox)
    preview = face("orders.preview", "VNM", "BUY", 100, 66000)
    assert isinstance(preview, Preview) and sandbox.order_writes == 0
    order = face("orders.place", "VNM", "BUY", 100, 66000)
    assert order.status is OrderStatus.OPEN and order.raw["vnfin"]["loan_package_type"] == "N"
    book = face("account.orders")
    assert list(book["order_id"]) == [order.order_id] and book["status"].iloc[0] == "open"
    assert face("account.order", order.order_id).raw_status == "new"
    cancelled = face("orders.cancel", order)
    assert cancelled.status is OrderStatus.CANCELLED
    assert face("account.order", int(order.order_id)).status is OrderStatus.CANCELLED
    assert sandbox.order_writes == 2
    with pytest.raises(vnfin.ValidationError, match="no amend"):
        face("orders.amend", order, price=65000)
    assert sandbox.order_writes == 2


def test_a_filled_order_becomes_a_deal(face: Face, sandbox: Sandbox) -> None:
    login(face, sandbox)
    before = face("account.deals")
    order = face("orders.place", "FPT", "BUY", 100, None, "MP")
    assert order.status is OrderStatus.FILLED and order.price is None
    after = face("account.deals")
    fpt = after[after["symbol"] == "FPT"]
    assert (
        fpt["open_quantity"].sum() == before[before["symbol"] == "FPT"]["open_quantity"].sum() + 100
    )


def test_refusals(face: Face, sandbox: Sandbox) -> None:
    with pytest.raises(vnfin.TwoFactorRequired):
        face("orders.place", "VNM", "BUY", 100, 66000)
    login(face, sandbox)
    with pytest.raises(vnfin.ValidationError, match="at most"):  # qmax, from ppse
        face("orders.place", "VNM", "BUY", 100_000, 66000)
    with pytest.raises(vnfin.ValidationError, match="tradeQuantity"):
        face("orders.place", "VNM", "SELL", 2000, 66000)
    with pytest.raises(vnfin.OrderRejected) as info:  # the exchange's real band
        face("orders.place", "VNM", "BUY", 100, 60000)
    assert info.value.error_code == "PRICE_MUST_GREATER_THAN_OR_EQUAL_TO_FLOOR_PRICE"
    assert "floor" in info.value.reason
    assert sandbox.order_writes == 1
    with pytest.raises(vnfin.BadRequest, match="SYMBOL_NOT_FOUND"):  # checked before sending
        face("orders.place_derivative", "VN30F2412", "BUY", 1, 1300.1)
    with pytest.raises(vnfin.NotFound):
        face("orders.cancel_derivative", 12345)
    with pytest.raises(vnfin.NotFound):
        face("account.derivative_order", 12345)
    assert sandbox.order_writes == 1


@pytest.mark.parametrize("taken", [True, False])
def test_a_broken_order_write_is_reconciled_never_resent(
    face: Face, sandbox: Sandbox, taken: bool
) -> None:
    login(face, sandbox)
    face("orders.place", "VNM", "BUY", 100, 65000)  # a look-alike from before
    sandbox.faults.next_order_write = ("500", taken)
    if taken:
        with pytest.warns(UserWarning, match="it is in today's orders"):
            order = face("orders.place", "VNM", "BUY", 100, 65000)
        assert order.status is OrderStatus.OPEN
        assert order.raw["vnfin"]["loan_package_type"] == "N"
    else:
        with pytest.raises(vnfin.OrderStateUnknown, match="no new order like it"):
            face("orders.place", "VNM", "BUY", 100, 65000)
    assert sandbox.order_writes == 2
    assert len(face("account.orders")) == (2 if taken else 1)


def test_a_broken_cancel_is_checked_on_the_order(face: Face, sandbox: Sandbox) -> None:
    login(face, sandbox)
    order = face("orders.place", "VNM", "BUY", 100, 65000)
    sandbox.faults.next_order_write = ("500", True)
    with pytest.warns(UserWarning, match="shows canceled"):
        assert face("orders.cancel", order).status is OrderStatus.CANCELLED
    assert sandbox.order_writes == 2


def test_conditional_orders(face: Face, sandbox: Sandbox) -> None:
    login(face, sandbox)
    oid = face("orders.place_conditional", "VNM", "BUY", 100, 75000, 75000)
    listed = face("orders.conditional_orders")
    assert list(listed["order_id"]) == [oid]
    row = face("orders.conditional_order", oid).iloc[0]
    assert (row["status"], row["condition"], row["stop_price"], row["side"]) == (
        "NEW",
        "price >= 75000",
        75000.0,
        "NB",
    )
    assert face("orders.cancel_conditional", oid)["status"].iloc[0] == "CANCELLED"
    assert face("orders.conditional_orders", status="NEW").empty
    assert sandbox.order_writes == 2


def test_the_escape_hatch(face: Face, sandbox: Sandbox) -> None:
    client = sandbox.dnse()
    try:
        body = client.request("GET", "/dnse-order-service/accounts")
        assert len(body["accounts"]) == 2
        client.auth.trading_token(sandbox.dnse_smart_otp)
        with pytest.raises(vnfin.OrderRejected, match="SYMBOL_NOT_FOUND"):
            client.request(
                "POST",
                "/dnse-order-service/derivative/orders",
                json={
                    "symbol": "VN30F2412",
                    "side": "NB",
                    "orderType": "LO",
                    "price": 1300.1,
                    "quantity": 1,
                    "loanPackageId": int(
                        client.account.derivative_loan_packages()["loan_package_id"].iloc[0]
                    ),
                    "accountNo": sandbox.dnse_derivative_account,
                },
            )
    finally:
        client.close()


@pytest.mark.parametrize(
    ("symbols", "resolution", "start", "end"),
    [
        ("VNM", "1D", "2025-01-01", "2026-11-20"),
        (["VNM", "VNINDEX", "HNX30", "SHS"], "1D", "2026-01-01", None),
        ("FPT", "15", "2026-11-10", "2026-11-20"),
        (["HPG"], "1H", "2026-10-01", "2026-11-20"),
    ],
)
def test_history_agrees_bar_for_bar_with_finhay(
    face: Face, sandbox: Sandbox, symbols: object, resolution: str, start: str, end: str | None
) -> None:
    ours = face("market.history", symbols, start, end, resolution)
    fh = sandbox.finhay()
    try:
        theirs = fh.market.history(symbols, start, end, resolution)
    finally:
        fh.close()
    assert len(ours) > 0
    pd.testing.assert_frame_equal(ours, theirs)
    assert ours.attrs["simulated"] is True and "ASSUMED" in ours.attrs["scale"]
