"""Finhay's account endpoints on the wire (reference §2.1, §2.9, §2.10, §2.13's
available-trade): the documented fields and types, the payload keys of §1.9, and the sums
that tie the endpoints together. Requests are signed here (the ``wire`` fixture)."""

from __future__ import annotations

from typing import Any

import pytest

from vnfin.sandbox import Sandbox

USER = "123456"
SUB = "0001234569"
SUMMARY = f"/trading/accounts/{SUB}/summary"
PORTFOLIO = f"/trading/v2/sub-accounts/{SUB}/portfolio"
RIGHTS = f"/trading/v5/account/{SUB}/user-rights"
TRADE = f"/trading/v2/accounts/{SUB}/available-trade"
ASSETS = f"/users/v3/users/{USER}/assets/summary"
PNL = f"/trading/pnl-today/{USER}"
SUMMARY_FIELDS = {
    "balance",
    "ci_balance",
    "td_balance",
    "interest_balance",
    "ca_receiving",
    "receiving_t1",
    "receiving_t2",
    "receiving_t3",
    "securities_amt",
    "total_debt_amt",
    "secure_amt",
    "trf_buy_amt",
    "margin_amt",
    "t0_debt_amt",
    "advanced_amt",
    "df_debt_amt",
    "td_debt_amt",
    "cidepo_fee_acr",
    "net_asset_value",
    "mrcr_limit",
    "debt_amt",
    "advance_max_amt_fee",
    "receiving_amt",
    "margin_rate",
    "sms_fee_amt",
    "ibroker_fee_amt",
    "hold_balance",
    "mri_rate",
    "mrm_rate",
    "cidepo_fee",
    "td_int_amt",
    "add_vnd",
    "add_vnd_1",
    "core_bank",
    "bankacct_no",
    "bank_name",
    "emk_amt",
    "baldefovd",
    "mrcr_limit_max",
}
PORTFOLIO_FIELDS = {
    "sub_account_id",
    "symbol",
    "securities_type",
    "total",
    "available",
    "blocked",
    "mortgage",
    "vsd_mortgage",
    "restrict",
    "receiving_right",
    "receiving_t0",
    "receiving_t1",
    "receiving_t2",
    "matching_amount",
    "withdraw",
    "cost_price",
    "basic_price",
    "is_sellable",
    "custodycd",
    "pnl_amount",
    "pnl_rate",
    "close_price",
    "cost_price_amount",
    "basic_price_amount",
    "total_pnl",
    "sending_t0",
    "sending_t1",
    "sending_t2",
    "has_newest_news",
    "trade",
}
RIGHT_FIELDS = {
    "accountId",
    "depositoryNumber",
    "fullName",
    "ownNumberOfShare",
    "ratio",
    "status",
    "userRightRegisterStatus",
    "caMastId",
    "amount",
    "symbol",
    "toSymbol",
    "numberOfWaitingStock",
    "waitingAmountForReturn",
    "rightOffRate",
    "buyPrice",
    "allowRegister",
    "totalStocksCanBuy",
    "totalPayAmount",
    "startDate",
    "finishDate",
    "startDateTransfer",
    "actionDate",
    "finishDateTransfer",
    "reportDate",
    "type",
    "stockName",
    "totalVolume",
    "totalValue",
    "referencePrice",
    "closePrice",
    "ceilingPrice",
    "floorPrice",
    "predictPrice",
    "changePrice",
    "hasRead",
}
Wire = Any  # the conftest's Wire


def test_the_sub_accounts(wire: Wire) -> None:
    subs = wire.get(f"/users/v1/users/{USER}/sub-accounts")
    assert subs == [
        {
            "id": f"000123456{n}",
            "cust_id": "0001234500",
            "name": "Nguyễn Văn A",
            "depository_number": "120C001234",
            "product_type_name": f".{suffix}",
            "sub_account_ext": f"120C001234.{suffix}",
            "type": kind,
        }
        for n, suffix, kind in ((7, 1, "Normal"), (8, 6, "Margin"), (9, 4, "Normal"))
    ]
    assert wire.get("/users/v1/users/me", "data") == {"user_id": 123456}


def test_the_sub_account_summary(wire: Wire) -> None:
    s = wire.get(SUMMARY)
    assert set(s) == SUMMARY_FIELDS
    assert all(
        isinstance(s[k], int)
        for k in SUMMARY_FIELDS - {"core_bank", "bankacct_no", "bank_name", "baldefovd"}
    )
    assert s["baldefovd"] == "500000000" and s["balance"] == s["ci_balance"] == 500_000_000
    held = wire.get(PORTFOLIO, "data")["portfolio"]
    assert s["securities_amt"] == sum(p["close_price"] * p["total"] for p in held)
    assert s["net_asset_value"] == s["ci_balance"] + s["securities_amt"]
    wire.place("VNM", "BUY", 1_000, 66_000)  # rests: holds cash
    s = wire.get(SUMMARY)
    assert s["secure_amt"] == s["hold_balance"] == round(66_000_000 * 1.0015)
    assert s["balance"] == 500_000_000 - s["secure_amt"] and s["ci_balance"] == 500_000_000
    margin = wire.get("/trading/accounts/0001234568/summary")
    assert margin["mrcr_limit"] == margin["mrcr_limit_max"] == 300_000_000


def test_the_portfolio(wire: Wire, sandbox: Sandbox) -> None:
    wire.place("VNM", "BUY", 100, 69_500)  # fills: receiving
    wire.place("HPG", "SELL", 1_000, 36_500)  # rests: blocks shares
    wire.place("FPT", "SELL", 300, 79_000)  # fills: sending
    data = wire.get(PORTFOLIO, "data")
    assert data["is_snapshot"] is False
    rows = {p["symbol"]: p for p in data["portfolio"]}
    assert set(rows) == {"ACV", "FPT", "HPG", "PVS", "SHS", "VNM"}
    for p in rows.values():
        assert set(p) == PORTFOLIO_FIELDS and p["custodycd"] == "120C001234"
        assert p["total"] == p["available"] + p["blocked"] + sum(
            p[f"receiving_t{n}"] for n in (0, 1, 2)
        )
        assert (
            p["pnl_amount"]
            == p["total_pnl"]
            == round(p["close_price"] * p["total"] - p["cost_price_amount"])
        )
        assert p["basic_price_amount"] == p["basic_price"] * p["total"]
    assert (rows["VNM"]["total"], rows["VNM"]["available"], rows["VNM"]["receiving_t2"]) == (
        1_100,
        1_000,
        100,
    )
    assert (rows["HPG"]["available"], rows["HPG"]["blocked"]) == (4_000, 1_000)
    assert (rows["FPT"]["total"], rows["FPT"]["sending_t2"], rows["FPT"]["is_sellable"]) == (
        0,
        300,
        False,
    )
    sandbox.now = "2026-11-20 16:00"
    assert wire.get(PORTFOLIO, "data")["is_snapshot"] is True
    sandbox.now = "2026-11-24 10:00"  # Tuesday: T+2
    rows = {p["symbol"]: p for p in wire.get(PORTFOLIO, "data")["portfolio"]}
    assert "FPT" not in rows and rows["VNM"]["available"] == 1_100
    assert rows["HPG"]["blocked"] == 0  # Friday's sale expired


def test_the_assets_summary_adds_up_the_sub_accounts(wire: Wire) -> None:
    wire.place("FPT", "SELL", 300, 79_000)  # proceeds receiving
    a = wire.get(ASSETS, "data")
    assert set(a) == {"net_asset_value", "products", "money", "debt", "pnl"}
    subs = [wire.get(f"/trading/accounts/000123456{n}/summary") for n in (7, 8, 9)]
    assert a["money"]["ci_balance"] == sum(s["ci_balance"] for s in subs)
    assert a["money"]["receiving_amt"] == sum(s["receiving_amt"] for s in subs) > 0
    assert a["money"]["total"] == a["money"]["ci_balance"] + a["money"]["receiving_amt"]
    assert (
        a["products"]["stock"] == a["products"]["total"] == sum(s["securities_amt"] for s in subs)
    )
    assert a["net_asset_value"] == sum(s["net_asset_value"] for s in subs)
    assert a["products"]["saving"] is None and a["debt"]["total"] == 0
    rows = [
        p
        for n in (7, 8, 9)
        for p in wire.get(f"/trading/v2/sub-accounts/000123456{n}/portfolio", "data")["portfolio"]
    ]
    assert a["pnl"]["stock"]["pnl"] == sum(p["pnl_amount"] for p in rows)
    wire.refused("GET", "/users/v3/users/999/assets/summary", 404)


def test_pnl_today(wire: Wire) -> None:
    parts = [wire.get(PNL, "data", **{"sub-account-id": f"000123456{n}"}) for n in (7, 8, 9)]
    total = wire.get(PNL, "data")
    assert total["sub_account_id"] == "ALL" and set(total) == {
        "sub_account_id",
        "pnl_amount",
        "pnl_rate",
    }
    assert total["pnl_amount"] == sum(p["pnl_amount"] for p in parts)
    assert isinstance(total["pnl_rate"], float)
    r = wire.place("VNM", "BUY", 100, 69_500)
    after = wire.get(PNL, "data", **{"sub-account-id": SUB})
    assert after["pnl_amount"] == parts[2]["pnl_amount"] - r["fee_amount"]
    wire.refused("GET", PNL, 400, **{"sub-account-id": "0009999999"})
    wire.refused("GET", "/trading/pnl-today/1", 404)


def test_available_trade(wire: Wire) -> None:
    r = wire.send("GET", TRADE, orderSide="BUY", symbol="HPG", quotePrice=27_000).json()
    assert (r["popup_message"], r["title"], r["error_code"]) == (None, None, "0")
    t = r["result"]
    assert set(t) == {
        "pp0",
        "ppse",
        "maxqtty",
        "trade",
        "balance",
        "cash_pending_send",
        "mortgage",
        "marginrate",
        "mrratioloan",
    }
    assert t["pp0"] == t["balance"] == 500_000_000 and t["trade"] == 5_000
    assert t["maxqtty"] == int(500_000_000 // (27_000 * 100 * 1.0015)) * 100
    at_market = wire.get(TRADE, orderSide="BUY", symbol="HPG", quotePrice=0)
    assert at_market["maxqtty"] == int(500_000_000 // (35_750 * 100 * 1.0015)) * 100
    assert wire.get(TRADE, orderSide="SELL", symbol="VNM", quotePrice=0)["maxqtty"] == 1_000
    sale = wire.place("VNM", "SELL", 400, 69_500)
    after = wire.get(TRADE, orderSide="SELL", symbol="VNM", quotePrice=0)
    assert after["trade"] == 600
    assert after["ppse"] - after["pp0"] == 400 * 69_500 - sale["fee_amount"] - sale["tax_amount"]
    for params in (
        {"symbol": "HPG", "quotePrice": 0},
        {"orderSide": "HOLD", "symbol": "HPG", "quotePrice": 0},
        {"orderSide": "BUY", "symbol": "NOPE", "quotePrice": 0},
        {"orderSide": "BUY", "symbol": "HPG"},
        {"orderSide": "BUY", "symbol": "HPG", "quotePrice": -1},
    ):
        wire.refused("GET", TRADE, 400, **params)


def test_user_rights(wire: Wire) -> None:
    rights = wire.get(RIGHTS)
    assert rights and all(set(r) == RIGHT_FIELDS for r in rights)
    dates = [r["reportDate"] for r in rights]
    assert dates == sorted(dates, reverse=True) and min(dates) >= "2025-11-20"
    hpg = next(r for r in rights if r["symbol"] == "HPG" and r["type"] == "STOCK_RIGHT")
    assert (hpg["ownNumberOfShare"], hpg["ratio"], hpg["totalStocksCanBuy"]) == (
        5_000,
        "10:2",
        1_000,
    )
    assert hpg["totalPayAmount"] == 1_000 * hpg["buyPrice"] and hpg["status"] == "COMPLETED"
    vnm = next(r for r in rights if r["symbol"] == "VNM" and r["type"] == "CASH_DIVIDEND")
    assert (vnm["amount"], vnm["ratio"], vnm["userRightRegisterStatus"]) == (
        2_700_000,
        "100:27",
        "RECEIVED",
    )
    assert {r["type"] for r in wire.get(RIGHTS, catType="CASH_DIVIDEND,STOCK_RIGHT")} == {
        "CASH_DIVIDEND",
        "STOCK_RIGHT",
    }
    assert {r["symbol"] for r in wire.get(RIGHTS, symbol="vnm")} == {"VNM"}
    assert wire.get(RIGHTS, status="WAIT_EXECUTED") == []
    assert wire.get(RIGHTS, isCom="N") == [] and wire.get(RIGHTS, isCom="Y") == rights
    june = wire.get(RIGHTS, fromDate="2026-06-01", toDate="2026-06-30")
    assert june and all("2026-06-01" <= r["reportDate"] <= "2026-06-30" for r in june)
    older = wire.get(RIGHTS, fromDate="2020-01-01", toDate="2020-12-31")
    assert older and all(r["reportDate"].startswith("2020") for r in older)
    for params in ({"fromDate": "01/06/2026"}, {"toDate": "2026-13-01"}, {"isCom": "maybe"}):
        wire.refused("GET", RIGHTS, 400, **params)


def test_dividends_due_then_paid_on_the_wire(sandbox: Sandbox, wire: Wire) -> None:
    sandbox.now = "2026-06-20 10:00"  # a fresh desk opens today
    wire.login()
    before = wire.get(SUMMARY)
    due = [
        r
        for r in wire.get(RIGHTS, catType="CASH_DIVIDEND")
        if r["reportDate"] <= "2026-06-20" < r["actionDate"]
    ]
    assert {r["symbol"] for r in due} == {"VNM", "SHS"}
    assert all(
        r["status"] == "WAIT_EXECUTED" and r["waitingAmountForReturn"] == r["amount"] for r in due
    )
    assert before["ca_receiving"] == sum(r["amount"] for r in due) == 1_000 * 2_700 + 3_000 * 500
    sandbox.now = "2026-07-22 10:00"
    paid = [
        r
        for r in wire.get(RIGHTS, catType="CASH_DIVIDEND")
        if "2026-06-20" < r["actionDate"] <= "2026-07-22"
    ]
    after = wire.get(SUMMARY)
    assert after["ci_balance"] == before["ci_balance"] + sum(r["amount"] for r in paid)
    assert all(r["status"] == "COMPLETED" for r in paid)


@pytest.mark.parametrize(
    "path",
    [
        SUMMARY,
        PORTFOLIO,
        RIGHTS,
        f"/trading/v1/accounts/{SUB}/order-book",
        f"/trading/sub-accounts/{SUB}/orders?fromDate=2026-11-20&toDate=2026-11-20",
        f"{TRADE}?orderSide=BUY&symbol=HPG&quotePrice=0",
        ASSETS,
        PNL,
    ],
)
def test_every_account_route_is_tier_2_and_knows_its_ids(
    wire: Wire, sandbox: Sandbox, path: str
) -> None:
    r = wire.client.get(path, headers={"X-FH-APIKEY": sandbox.api_key})
    assert (r.status_code, r.json()["error_code"]) == (401, "AUTH_HEADERS_MISSING")
    base, _, query = path.partition("?")
    other = base.replace(SUB, "0009999999").replace(USER, "654321")
    params = dict(p.split("=") for p in query.split("&")) if query else {}
    wire.refused("GET", other, 404, **params)
