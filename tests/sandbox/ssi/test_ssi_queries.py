"""SSI's account and order-book queries on the wire (reference §1.8, spec 5.11–5.20): every
field, the numbers against the world's ledger, ``DD/MM/YYYY`` dates, and booleans as
Python's ``True``/``False`` or .NET's ``true``/``false``."""

from __future__ import annotations

from typing import Any

import pytest

from vnfin.sandbox import Sandbox

Wire = Any  # the conftest's SSI

POSITION_FIELDS = {
    *("marketID", "instrumentID", "onHand", "block", "bonus", "buyT0", "buyT1", "buyT2"),
    *("sellT0", "sellT1", "sellT2", "avgPrice", "mortgage", "sellableQty", "holdForTrade"),
    "marketPrice",
}
CASH_FIELDS = {
    *("account", "cashBal", "cashOnHold", "secureAmount", "withdrawable", "receivingCashT1"),
    *("receivingCashT2", "matchedBuyVolume", "matchedSellVolume", "debt"),
    *("unMatchedBuyVolume", "unMatchedSellVolume", "paidCashT1", "paidCashT2", "cia"),
    *("purchasingPower", "totalAssets"),
}
PPMM_FIELDS = {
    *("collateralAsset", "callLMW", "liability", "eeOrigin", "forceLMV", "equity", "ee"),
    *("callMargin", "cashBalance", "purchasingPower", "callForcesell", "lmv", "marginCall"),
    *("withdrawal", "collateralA", "action", "marginRatio", "debt", "accruedInterest"),
    *("holdRight", "preLoan", "fees", "buyUnmatch", "ap", "apT1", "sellUnmatch", "cia", "ar"),
    *("arT1", "ppCredit", "creditLimit", "totalAssets", "marginCallLMVSold"),
    *("lmvNonMarginable", "eeCredit", "totalEquity", "eE90", "eE80", "eE70", "eE60", "eE50"),
}
DERIV_BALANCE_FIELDS = {
    *("account", "accountBalance", "fee", "commission", "interest", "loan", "deliveryAmount"),
    *("floatingPL", "totalPL", "marginable", "depositable", "rcCall", "withdrawable"),
    *("nonCashDrawableRCCall", "internalAssets", "exchangeAssets", "internalMargin"),
    "exchangeMargin",
}
ASSET_FIELDS = {"cash", "validNonCash", "totalValue", "maxValidNonCash", "cashWithdrawable", "ee"}
MARGIN_FIELDS = {"marginReq", "accountRatio", "marginCall"} | {
    f"usedLimitWarningLevel{n}" for n in (1, 2, 3)
}


def test_stock_positions(ssi: Wire, sb: Sandbox) -> None:
    ssi.place("VNM", "S", 300, 73_000)  # rests: its shares are held for it
    data = ssi.ok(ssi.get("stockPosition", account=sb.ssi_account))
    assert set(data) == {"account", "totalMarketValue", "stockPositions"}
    rows = {p["instrumentID"]: p for p in data["stockPositions"]}
    assert set(rows) == {"ACV", "FPT", "HPG", "SHS", "SSI", "VNM"}
    assert all(set(p) == POSITION_FIELDS for p in rows.values())
    vnm = rows["VNM"]
    assert (vnm["onHand"], vnm["holdForTrade"], vnm["sellableQty"]) == (1_000, 300, 700)
    assert vnm["marketPrice"] == 69_500
    assert data["totalMarketValue"] == sum(p["marketPrice"] * p["onHand"] for p in rows.values())
    assert ssi.ok(ssi.get("maxSellQty", account=sb.ssi_account, instrumentID="vnm")) == {
        "account": sb.ssi_account,
        "maxSellQty": 700,
    }


def test_max_buy_quantity_is_what_the_desk_takes(ssi: Wire, sb: Sandbox) -> None:
    data = ssi.ok(ssi.get("maxBuyQty", account=sb.ssi_account, instrumentID="VNM", price=69_500))
    assert set(data) == {"account", "maxBuyQty", "marginRatio", "purchasingPower"}
    assert data["purchasingPower"] == 500_000_000 and data["marginRatio"] == "100%"
    most = data["maxBuyQty"]

    def cost(shares: int) -> int:
        return shares * 69_500 + round(0.0015 * shares * 69_500)

    assert most % 100 == 0 and cost(most) <= 500_000_000 < cost(most + 100)
    ssi.ok(ssi.post("NewOrder", ssi.order(price=69_500, quantity=most)))
    over = ssi.post("NewOrder", ssi.order(price=69_500, quantity=100))
    assert ssi.refused(over)["data"]["errorCode"] == "ORD008"
    current = ssi.ok(ssi.get("maxBuyQty", account=sb.ssi_account, instrumentID="FPT"))
    assert current["purchasingPower"] == 500_000_000 - cost(most)
    unknown = ssi.get("maxBuyQty", account=sb.ssi_account, instrumentID="NOPE", price=1)
    assert ssi.refused(unknown)["data"]["errorCode"] == "ORD001"


def test_cash_and_margin_views_agree(ssi: Wire, sb: Sandbox) -> None:
    ssi.place(price=67_800)
    cash = ssi.ok(ssi.get("cashAcctBal", account=sb.ssi_account))
    ppmm = ssi.ok(ssi.get("ppmmraccount", account=sb.ssi_account))
    assert set(cash) == CASH_FIELDS and set(ppmm) == PPMM_FIELDS
    stock = ssi.ok(ssi.get("stockPosition", account=sb.ssi_account))["totalMarketValue"]
    assert cash["totalAssets"] == cash["cashBal"] + stock == ppmm["totalAssets"]
    assert ppmm["purchasingPower"] == cash["purchasingPower"] == ppmm["eE50"]
    assert ppmm["buyUnmatch"] == cash["unMatchedBuyVolume"] == 6_780_000
    assert (ppmm["lmv"], ppmm["debt"], ppmm["cashBalance"]) == (stock, 0, cash["cashBal"])


def test_proceeds_of_a_sale_settle_in_two_trading_days(ssi: Wire, sb: Sandbox) -> None:
    ssi.place("VNM", "S", 100, 69_500)  # marketable: sold at once
    cash = ssi.ok(ssi.get("cashAcctBal", account=sb.ssi_account))
    value = 6_950_000
    proceeds = value - round(0.0015 * value) - round(0.001 * value)
    assert (cash["receivingCashT2"], cash["matchedSellVolume"]) == (proceeds, value)
    [vnm] = [
        p
        for p in ssi.ok(ssi.get("stockPosition", account=sb.ssi_account))["stockPositions"]
        if p["instrumentID"] == "VNM"
    ]
    assert (vnm["onHand"], vnm["sellT0"]) == (900, 100)
    sb.now = "2026-11-23 10:30"
    assert ssi.ok(ssi.get("cashAcctBal", account=sb.ssi_account))["receivingCashT1"] == proceeds
    sb.now = "2026-11-24 10:30"
    later = ssi.ok(ssi.get("cashAcctBal", account=sb.ssi_account))
    assert later["cashBal"] == cash["cashBal"] + proceeds and later["receivingCashT1"] == 0


@pytest.mark.parametrize("summary", ["True", "False", "true", "false", "TRUE", ""])
def test_derivative_account_queries(ssi: Wire, sb: Sandbox, summary: str) -> None:
    params = {"account": sb.ssi_derivative_account, "querySummary": summary}
    assert ssi.ok(ssi.get("derivPosition", **params)) == {
        "account": sb.ssi_derivative_account,
        "openPosition": [],
        "closePosition": [],
    }


def test_derivative_balance(ssi: Wire, sb: Sandbox) -> None:
    data = ssi.ok(ssi.get("derivAcctBal", account=sb.ssi_derivative_account))
    assert set(data) == DERIV_BALANCE_FIELDS
    assert set(data["internalAssets"]) == set(data["exchangeAssets"]) == ASSET_FIELDS
    assert set(data["exchangeMargin"]) == MARGIN_FIELDS
    assert set(data["internalMargin"]) == MARGIN_FIELDS | {"initialMargin", "deliveryMargin"}
    assert data["accountBalance"] == data["withdrawable"] == 100_000_000
    bad = ssi.get("derivPosition", account=sb.ssi_derivative_account, querySummary="maybe")
    assert ssi.refused(bad)["message"] == "querySummary must be true or false, got 'maybe'"


@pytest.mark.parametrize(
    ("path", "account"),
    [
        ("stockPosition", "12345678"),
        ("cashAcctBal", "0001234569"),
        ("ppmmraccount", ""),
        ("derivPosition", "1234567"),
        ("derivAcctBal", "1234567"),
        ("orderBook", "7654321"),
        ("maxBuyQty", "1"),
    ],
)
def test_other_accounts_do_not_exist(ssi: Wire, path: str, account: str) -> None:
    refusal = ssi.refused(ssi.get(path, account=account, instrumentID="VNM"))
    assert refusal["message"] in ("Account is not exist.", "account is required")


def test_order_history_spans_days(ssi: Wire, sb: Sandbox) -> None:
    first = ssi.place(price=67_000)
    sb.now = "2026-11-23 10:30"
    second = ssi.place("FPT", price=75_000)
    assert [
        o["uniqueID"] for o in ssi.ok(ssi.get("orderBook", account=sb.ssi_account))["orders"]
    ] == [second["uniqueID"]]
    both = ssi.get(
        "orderHistory", account=sb.ssi_account, startDate="20/11/2026", endDate="23/11/2026"
    )
    history = ssi.ok(both)["orderHistories"]
    assert [o["orderID"] for o in history] == [first["orderID"], second["orderID"]]
    assert history[0]["orderStatus"] == "EX"  # left working at 15:00 on its day
    one = ssi.get(
        "orderHistory", account=sb.ssi_account, startDate="21/11/2026", endDate="23/11/2026"
    )
    assert [o["orderID"] for o in ssi.ok(one)["orderHistories"]] == [second["orderID"]]
    missing = ssi.refused(ssi.get("orderHistory", account=sb.ssi_account, endDate="23/11/2026"))
    assert missing["message"] == "'Start Date' must not be empty; StartDate is required."
    backwards = ssi.get(
        "orderHistory", account=sb.ssi_account, startDate="24/11/2026", endDate="23/11/2026"
    )
    assert ssi.refused(backwards)
    iso = ssi.get(
        "orderHistory", account=sb.ssi_account, startDate="2026-11-20", endDate="23/11/2026"
    )
    assert "DD/MM/YYYY" in ssi.refused(iso)["message"]
    deriv = ssi.get(
        "orderHistory",
        account=sb.ssi_derivative_account,
        startDate="20/11/2026",
        endDate="23/11/2026",
    )
    assert ssi.ok(deriv) == {"orderHistories": []}
