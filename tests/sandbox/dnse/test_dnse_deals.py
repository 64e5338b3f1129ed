"""DNSE's deals on the wire (reference §4.4, "Deal (stock)"): the starting holdings as open
deals, fills that move them (cost, receiving shares, realised and unrealised profit), a deal
that closes and a new one that opens, and holdings given by ``Sandbox.fund``. The market is
pinned at 2026-11-20 10:30, when VNM trades at 69,500."""

from __future__ import annotations

from typing import Any

import pytest

from vnfin.sandbox import Sandbox

from .conftest import CASH, MARGIN

Wire = Any  # the conftest's DNSE


def by_symbol(deals: list[dict[str, Any]], status: str = "OPEN") -> dict[str, dict[str, Any]]:
    return {d["symbol"]: d for d in deals if d["status"] == status}


def test_the_starting_holdings_are_open_deals(dnse: Wire) -> None:
    deals = dnse.deals()
    assert [(d["symbol"], d["openQuantity"], d["status"]) for d in deals] == [
        ("FPT", 500, "OPEN"),
        ("HPG", 2_000, "OPEN"),
        ("VNM", 1_000, "OPEN"),
    ]
    vnm = by_symbol(deals)["VNM"]
    assert (vnm["accumulateQuantity"], vnm["closedQuantity"], vnm["orderIds"]) == (1_000, 0, [])
    assert (vnm["loanPackageId"], vnm["marketPrice"], vnm["realizedProfit"]) == (CASH, 69_500, 0)
    assert vnm["unrealizedProfit"] == round((69_500 - vnm["costPrice"]) * 1_000)
    assert isinstance(vnm["id"], int) and len({d["id"] for d in deals}) == 3
    assert set(vnm) >= {
        *("id", "symbol", "accountNo", "orderIds", "status", "loanPackageId", "side"),
        *("accumulateQuantity", "closedQuantity", "t0ReceivingQuantity", "costPrice"),
        *("averageCostPrice", "marketPrice", "realizedProfit", "unrealizedProfit"),
        *("breakEvenPrice", "createdDate", "modifiedDate", "t2RecevingCash"),
    }


def test_a_fill_moves_the_deal_and_settles_t_plus_2(dnse: Wire, sb: Sandbox) -> None:
    before = by_symbol(dnse.deals())["VNM"]
    order = dnse.placed(price=67_800)
    assert by_symbol(dnse.deals())["VNM"]["accumulateQuantity"] == 1_000  # not filled yet
    sb.now = "2026-11-20 14:00"
    vnm = by_symbol(dnse.deals())["VNM"]
    assert vnm["id"] == before["id"] and vnm["orderIds"] == [order["id"]]
    assert (vnm["accumulateQuantity"], vnm["openQuantity"], vnm["t0ReceivingQuantity"]) == (
        1_100,
        1_100,
        100,
    )
    cost = before["costPrice"] * 1_000 + 6_780_000 + 10_170
    assert vnm["costPrice"] == pytest.approx(cost / 1_100, abs=0.01)
    assert vnm["collectedBuyingFee"] == 10_170
    assert vnm["modifiedDate"].startswith("2026-11-20T13:")
    sb.now = "2026-11-23 10:00"
    assert by_symbol(dnse.deals())["VNM"]["t1ReceivingQuantity"] == 100
    sb.now = "2026-11-24 10:00"
    settled = by_symbol(dnse.deals())["VNM"]
    assert settled["t0ReceivingQuantity"] == settled["t1ReceivingQuantity"] == 0
    assert settled["openQuantity"] == 1_100


def test_a_sale_realises_profit(dnse: Wire) -> None:
    before = by_symbol(dnse.deals())["VNM"]
    sale = dnse.placed(side="NS", quantity=300)
    assert sale["orderStatus"] == "filled" and sale["taxRate"] == 0.001
    vnm = by_symbol(dnse.deals())["VNM"]
    value, fee, tax = 300 * 69_500, 31_275, 20_850
    assert (vnm["closedQuantity"], vnm["openQuantity"]) == (300, 700)
    assert (vnm["collectedSellingFee"], vnm["collectedSellingTax"]) == (fee, tax)
    assert vnm["realizedProfit"] == pytest.approx(
        value - fee - tax - before["costPrice"] * 300, abs=2
    )
    assert vnm["costPrice"] == pytest.approx(before["costPrice"], abs=0.01)
    assert vnm["averageClosePrice"] == 69_500


def test_a_deal_closes_and_a_new_one_opens(dnse: Wire) -> None:
    first = by_symbol(dnse.deals())["FPT"]
    quote = first["marketPrice"]
    dnse.placed(symbol="FPT", side="NS", quantity=500, price=quote)
    closed = by_symbol(dnse.deals(), "CLOSED")["FPT"]
    assert closed["id"] == first["id"]
    assert (closed["openQuantity"], closed["closedQuantity"], closed["unrealizedProfit"]) == (
        0,
        500,
        0,
    )
    bought = dnse.placed(symbol="FPT", quantity=100, price=quote, loanPackageId=MARGIN)
    fresh = by_symbol(dnse.deals())["FPT"]
    assert fresh["id"] != first["id"] and fresh["orderIds"] == [bought["id"]]
    assert (fresh["accumulateQuantity"], fresh["loanPackageId"]) == (100, MARGIN)
    assert fresh["averageCostPrice"] == quote
    assert [d["id"] for d in dnse.deals()].count(first["id"]) == 1  # ids stay put


def test_holdings_given_by_fund_are_deals_too(dnse: Wire, sb: Sandbox) -> None:
    sb.fund(sb.dnse_account, holdings={"SHS": 1_000, "HPG": 500})
    deals = by_symbol(dnse.deals())
    assert (deals["SHS"]["openQuantity"], deals["SHS"]["accumulateQuantity"]) == (1_000, 1_000)
    hpg = deals["HPG"]
    assert (hpg["openQuantity"], hpg["closedQuantity"]) == (500, 1_500)
    assert hpg["accumulateQuantity"] - hpg["closedQuantity"] == hpg["openQuantity"]


def test_derivative_deals_are_an_empty_data_list(dnse: Wire, sb: Sandbox) -> None:
    answer = dnse.get("derivative", "/deals", accountNo=sb.dnse_derivative_account)
    assert answer["data"] == [] and "deals" not in answer
    r = dnse.send("GET", "derivative", "/deals", accountNo=sb.dnse_account)
    dnse.refused(r, 400, "INVALID_ACCOUNT_TYPE")
    dnse.refused(dnse.send("GET", "deal", "/deals"), 400, "BAD_REQUEST")
