"""The sandbox's public datasets (reference §2.3–§2.8): documented shapes, envelope keys,
validation, and the consistency rules the simulated data promises (see the docstrings of
``vnfin.sandbox.public_*``). Every request is plain httpx with only the API key (Tier 1)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import httpx
import pytest

from vnfin.finhay.glossary import BALANCE_SHEET, CASH_FLOW, INCOME_STATEMENT, RATIOS
from vnfin.rules import on_tick
from vnfin.sandbox import Sandbox

TODAY = dt.date(2026, 11, 20)  # conftest pins the market at 2026-11-20 10:30
FD = "/market/financial-data"
FUND = "/fund-trading/public/fund-certificates"
STATEMENT = "/market/v2/financial-statement/statement"
SYMBOLS = ("VNM", "VCB", "SSI", "HPG", "VHM")


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[httpx.Client]:
    headers = {"X-FH-APIKEY": sandbox.api_key}
    with httpx.Client(transport=sandbox.transport, base_url="http://x", headers=headers) as c:
        yield c


def data(client: httpx.Client, path: str, key: str = "data", **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["error_code"] == "0" and body["message"] == "success"
    return body[key]


def refused(client: httpx.Client, path: str, **params: Any) -> str:
    r = client.get(path, params=params)
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["status"] == 400 and body["error_code"] == "400"
    return str(body["message"])


def statements(client: httpx.Client, symbol: str, period: str) -> dict[str, list[Any]]:
    return {
        kind: data(client, STATEMENT, symbol=symbol, type=kind, period=period)
        for kind in ("income-statement", "balance-sheet", "cash-flow")
    }


# -- every endpoint answers in its documented shape ---------------------------------------------

ENDPOINTS: list[tuple[str, dict[str, Any], str, type]] = [
    (STATEMENT, {"symbol": "VNM", "type": "balance-sheet"}, "data", list),
    ("/market/company-financial/analysis", {"symbol": "VNM"}, "data", list),
    ("/market/company-financial/overview", {"symbol": "VNM"}, "data", dict),
    ("/market/news", {"stock": "VNM"}, "result", list),
    (f"{FD}/global-news", {}, "data", dict),
    (f"{FD}/global-news/5", {}, "data", dict),
    ("/market/recommendation-reports/VNM", {}, "data", dict),
    (f"{FD}/macro", {"type": "CPI", "country": "VN"}, "data", list),
    (f"{FD}/trading-economics", {"country": "Vietnam"}, "data", list),
    (f"{FD}/economic-calendar-events", {}, "data", list),
    (f"{FD}/market", {"type": "SP500"}, "data", list),
    (f"{FD}/gold", {}, "data", list),
    (f"{FD}/silver", {}, "data", list),
    (f"{FD}/gold-providers", {}, "data", list),
    (f"{FD}/metal-providers", {}, "data", list),
    (f"{FD}/gold-chart", {}, "data", list),
    (f"{FD}/silver-chart", {}, "data", list),
    (f"{FD}/cryptos/top-trending", {}, "data", list),
    (f"{FD}/bank-interest-rates", {}, "data", list),
    (FD, {}, "data", list),
    (FUND, {"fund-type": "STOCK_FUND"}, "data", list),
    ("/fund-trading/public/fund-companies", {}, "data", list),
    (f"{FUND}/benchmark/growth", {"fund-names": "VESAF", "amount": 1, "period": "ONE_YEAR"},
     "data", list),
    (f"{FUND}/benchmark/nav", {"fund-names": "VESAF", "period": "ONE_MONTH"}, "data", list),
    (f"{FUND}/VESAF/nav-histories", {}, "data", dict),
    (f"{FUND}/VESAF/suggestions", {}, "data", list),
    (f"{FUND}/VESAF/sector-allocation", {}, "data", list),
    (f"{FUND}/VESAF/asset-allocation", {}, "data", dict),
    (f"{FUND}/VESAF/portfolio", {}, "data", list),
    (f"{FUND}/top-aum", {"fund-type": "BOND_FUND"}, "data", list),
    (f"{FUND}/top-investor", {"fund-type": "BOND_FUND"}, "data", list),
    (f"{FUND}/top-fund-flow", {"fund-type": "BOND_FUND"}, "data", list),
    (f"{FUND}/top-holding-symbols", {}, "data", list),
    (f"{FUND}/benchmark/operation", {"fund-names": "VESAF", "period": "ONE_YEAR"}, "data", list),
]  # fmt: skip


@pytest.mark.parametrize(("path", "params", "key", "kind"), ENDPOINTS)
def test_endpoint_answers_under_its_key(
    client: httpx.Client, path: str, params: dict[str, Any], key: str, kind: type
) -> None:
    payload = data(client, path, key, **params)
    assert isinstance(payload, kind) and payload


def test_unknown_paths_fall_through(client: httpx.Client) -> None:
    for path in (f"{FD}/nothing", f"{FUND}/VESAF", f"{FUND}/VESAF/unknown"):
        r = client.get(path)
        assert r.status_code == 404 and r.json()["message"].startswith("No route")
    assert client.get("/market/stock-realtime", params={"symbol": "VNM"}).status_code == 200


def test_documented_record_fields(client: httpx.Client) -> None:
    overview = data(client, "/market/company-financial/overview", symbol="VNM")
    assert set(overview) == {
        "pe",
        "pb",
        "ev_ebitda",
        "industry",
        "gross_margin",
        "roe",
        "eps",
        "dividend_yield",
        "nim",
        "margin_loan_to_equity_ratio",
        "roa",
    }
    assert set(overview["industry"]) == {"pe", "pb", "ev_ebitda"}
    page = data(client, f"{FD}/global-news")
    assert set(page) == {
        "results",
        "page_total",
        "total",
        "current_page",
        "next_page",
        "previous_page",
    }
    assert set(page["results"][0]) == {
        "id",
        "title",
        "url",
        "description",
        "provider",
        "published_at",
        "category",
    }
    metal = {
        "index",
        "name",
        "short_name",
        "buy_value",
        "sell_value",
        "usd_value",
        "vnd_value",
        "date",
        "provider",
        "provider_icon",
        "updated_at",
        "change_percent",
        "buy_value_change_percent",
        "sell_value_change_percent",
    }
    for path in ("gold", "silver", "gold-providers", "metal-providers"):
        assert all(set(x) == metal for x in data(client, f"{FD}/{path}"))
    coin = data(client, f"{FD}/cryptos/top-trending")[0]
    assert set(coin) == {
        "name",
        "symbol",
        "icon_url",
        "price",
        "formatted_price",
        "percent_change_1h",
        "percent_change_24h",
        "percent_change_7d",
        "percent_change_30d",
        "market_cap",
        "last_30d_chart",
    }
    macro = data(client, f"{FD}/macro", type="CPI", country="VN")[0]
    assert set(macro) == {"type", "country", "month", "value", "date"}
    te = data(client, f"{FD}/trading-economics", country="Vietnam")[0]
    assert set(te) == {
        "indicator",
        "country",
        "category",
        "lastValue",
        "previousValue",
        "year",
        "month",
        "unit",
    }
    event = data(client, f"{FD}/economic-calendar-events")[0]
    assert set(event) == {
        "id",
        "date",
        "country",
        "event",
        "actual",
        "previous",
        "consensus",
        "forecast",
        "impact",
        "category",
    }
    row = data(client, f"{FD}/market", type="NIKKEI")[0]
    assert set(row) == {"type", "country", "date", "year", "month", "value"}
    assert row["country"] == "JP"
    silver = data(client, f"{FD}/silver-chart")[0]
    assert set(silver) == {"date", "silver_bar", "silver_global"}
    assert set(data(client, f"{FD}/gold-chart")[0]) == {"date", "gold_bar", "gold_global"}


# -- fundamentals --------------------------------------------------------------------------------


def check_identities(inc: dict[str, int], bal: dict[str, int], cf: dict[str, int]) -> None:
    assert (
        inc["doanhthuthuan"]
        == inc["doanhthubanhangvacungcapdichvu"] + inc["cackhoangiamtrudoanhthu"]
    )
    assert inc["giavonhangban"] < 0 and inc["chiphibanhang"] < 0
    assert inc["loinhuangop"] == inc["doanhthuthuan"] + inc["giavonhangban"]
    assert inc["loinhuanthuantuhoatdongkinhdoanh"] == (
        inc["loinhuangop"]
        + inc["doanhthuhoatdongtaichinh"]
        + inc["chiphitaichinh"]
        + inc["chiphibanhang"]
        + inc["chiphiquanlydoanhnghiep"]
    )
    assert inc["loinhuankhac"] == inc["thunhapkhac"] + inc["chiphikhac"]
    assert inc["loinhuantruocthue"] == inc["loinhuanthuantuhoatdongkinhdoanh"] + inc["loinhuankhac"]
    assert inc["chiphithuetndn"] <= 0
    assert inc["loinhuansauthue"] == inc["loinhuantruocthue"] + inc["chiphithuetndn"]
    assert (
        inc["loinhuansauthue"]
        == inc["loinhuansauthuecuacodongcongtyme"] + inc["loiichcuacodongthieuso"]
    )
    assert inc["chiphitaichinh"] <= inc["chiphilaivay"] <= 0
    parts = (
        "tienvatuongduongtien",
        "daututaichinhnganhan",
        "cackhoanphaithunganhan",
        "hangtonkho",
        "taisannganhankhac",
    )
    assert bal["taisannganhan"] == sum(bal[p] for p in parts)
    assert (
        bal["taisandaihan"]
        == bal["taisancodinh"] + bal["daututaichinhdaihan"] + bal["taisandaihankhac"]
    )
    assert bal["tongtaisan"] == bal["taisannganhan"] + bal["taisandaihan"]
    assert bal["nophaitra"] == bal["nonganhan"] + bal["nodaihan"]
    assert (
        bal["vonchusohuu"]
        == bal["vongopcuachusohuu"] + bal["thangduvoncophan"] + bal["loinhuansauthuechuaphanphoi"]
    )
    assert bal["tongnguonvon"] == bal["nophaitra"] + bal["vonchusohuu"] == bal["tongtaisan"]
    assert min(bal[p] for p in parts) >= 0 and bal["vonchusohuu"] > 0
    assert cf["loinhuanlotuhoatdongkinhdoanhtruocthaydoivonluudong"] == (
        cf["loinhuanlotruocthue"] + cf["khauhaotaisancodinh"] + cf["chiphilaivay"]
    )
    assert cf["luuchuyentienthuantuhoatdongkinhdoanh"] == sum(
        cf[c]
        for c in (
            "loinhuanlotuhoatdongkinhdoanhtruocthaydoivonluudong",
            "tanggiamcackhoanphaithu",
            "tanggiamhangtonkho",
            "tanggiamcackhoanphaitra",
            "tienlaivaydatra",
            "thuethunhapdoanhnghiepdanop",
        )
    )
    assert cf["luuchuyentienthuantuhoatdongdautu"] == (
        cf["tienchidemuasamxaydungtaisancodinh"]
        + cf["tienthulaichovaycotucvaloinhuanduocchia"]
        + cf["luuchuyenkhactuhoatdongdautu"]
    )
    assert cf["luuchuyentienthuantusudungvaohoatdongtaichinh"] == (
        cf["tienvaynganhandaihannhanduoc"]
        + cf["tienchitranogocvay"]
        + cf["cotucloinhuandatrachochusohuu"]
    )
    assert cf["luuchuyentienthuantrongnam"] == (
        cf["luuchuyentienthuantuhoatdongkinhdoanh"]
        + cf["luuchuyentienthuantuhoatdongdautu"]
        + cf["luuchuyentienthuantusudungvaohoatdongtaichinh"]
    )
    assert cf["tienvatuongduongtiencuoinam"] == (
        cf["tienvatuongduongtiendaunam"]
        + cf["luuchuyentienthuantrongnam"]
        + cf["anhhuongcuathaydoitygiahoidoaiquydoingoaite"]
    )
    assert cf["tienvatuongduongtiencuoinam"] == bal["tienvatuongduongtien"]
    assert cf["loinhuanlotruocthue"] == inc["loinhuantruocthue"]
    assert cf["chiphilaivay"] == -inc["chiphilaivay"]


@pytest.mark.parametrize("symbol", SYMBOLS)
@pytest.mark.parametrize("period", ["annual", "quarterly"])
def test_statement_identities(client: httpx.Client, symbol: str, period: str) -> None:
    got = statements(client, symbol, period)
    inc, bal, cf = got["income-statement"], got["balance-sheet"], got["cash-flow"]
    assert len(inc) == len(bal) == len(cf) == 5
    if period == "annual":
        assert [r["year"] for r in inc] == [2025, 2024, 2023, 2022, 2021]
        assert all("quarter" not in r for r in inc)
    else:
        assert [(r["year"], r["quarter"]) for r in inc] == [
            (2026, 3), (2026, 2), (2026, 1), (2025, 4), (2025, 3)]  # fmt: skip
    for i in range(5):
        check_identities(inc[i], bal[i], cf[i])
        assert {k for k in inc[i] if k not in ("year", "quarter")} >= set(INCOME_STATEMENT)
        assert {k for k in bal[i] if k not in ("year", "quarter")} >= set(BALANCE_SHEET)
        assert {k for k in cf[i] if k not in ("year", "quarter")} >= set(CASH_FLOW)
        assert all(isinstance(v, int) for v in (*inc[i].values(), *bal[i].values()))
    for newer, older in zip(range(4), range(1, 5), strict=True):
        assert cf[newer]["tienvatuongduongtiendaunam"] == bal[older]["tienvatuongduongtien"]
        retained = (
            bal[newer]["loinhuansauthuechuaphanphoi"] - bal[older]["loinhuansauthuechuaphanphoi"]
        )
        assert (
            retained == inc[newer]["loinhuansauthue"] + cf[newer]["cotucloinhuandatrachochusohuu"]
        )
        assert (
            cf[newer]["tanggiamhangtonkho"] == bal[older]["hangtonkho"] - bal[newer]["hangtonkho"]
        )


def test_every_stock_balances() -> None:
    sb = Sandbox(seed=0, now="2026-11-20 10:30", rate_limit=(5000, 60.0))  # ~850 requests
    stocks = [s for s, i in sb.engine.instruments.items() if i.stock_type == "STOCK"]
    assert len(stocks) > 100
    headers = {"X-FH-APIKEY": sb.api_key}
    with httpx.Client(transport=sb.transport, base_url="http://x", headers=headers) as client:
        for symbol in stocks:
            for period in ("annual", "quarterly"):
                got = statements(client, symbol, period)
                for inc, bal, cf in zip(*got.values(), strict=True):
                    check_identities(inc, bal, cf)


def test_year_is_the_sum_of_its_quarters(sandbox: Sandbox, client: httpx.Client) -> None:
    sandbox.now = "2026-01-15 10:00"  # latest quarter 2025Q4, latest year 2025
    quarters, years = statements(client, "HPG", "quarterly"), statements(client, "HPG", "annual")
    assert [(r["year"], r["quarter"]) for r in quarters["cash-flow"]][:4] == [
        (2025, 4), (2025, 3), (2025, 2), (2025, 1)]  # fmt: skip
    for kind in ("income-statement", "cash-flow"):
        year, four = years[kind][0], quarters[kind][:4]
        assert year["year"] == 2025
        for code in year:
            if code in ("year", "laicobantrencophieu", "tienvatuongduongtiendaunam",
                        "tienvatuongduongtiencuoinam"):  # fmt: skip
                continue
            assert year[code] == sum(q[code] for q in four), code
    assert (
        years["cash-flow"][0]["tienvatuongduongtiendaunam"]
        == quarters["cash-flow"][3]["tienvatuongduongtiendaunam"]
    )
    assert {k: v for k, v in years["balance-sheet"][0].items() if k != "year"} == {
        k: v for k, v in quarters["balance-sheet"][0].items() if k not in ("year", "quarter")
    }
    assert years["income-statement"][0]["laicobantrencophieu"] == round(
        years["income-statement"][0]["loinhuansauthuecuacodongcongtyme"]
        / sandbox.engine.instruments["HPG"].shares)  # fmt: skip


@pytest.mark.parametrize("period", ["annual", "quarterly"])
def test_wide_and_long_shapes_carry_the_same_numbers(
    sandbox: Sandbox, client: httpx.Client, period: str
) -> None:
    for kind in ("income-statement", "balance-sheet", "cash-flow"):
        wide = data(client, STATEMENT, symbol="vcb", type=kind, period=period, limit=3)
        sandbox.app.routes.public.statement_shape = "long"
        long = data(client, STATEMENT, symbol="VCB", type=kind, period=period, limit=3)
        sandbox.app.routes.public.statement_shape = "wide"
        assert {tuple(sorted(r)) for r in long} == {
            ("metricCode", "metricValue", "quarter", "symbol", "timeType", "year")
        }
        assert {r["timeType"] for r in long} == {"YEAR" if period == "annual" else "QUARTER"}
        pivot: dict[tuple[int, int], dict[str, Any]] = {}
        for r in long:
            assert r["symbol"] == "VCB"
            pivot.setdefault((r["year"], r["quarter"]), {})[r["metricCode"]] = r["metricValue"]
        assert list(pivot) == [(w["year"], w.get("quarter", 0)) for w in wide]
        for w in wide:
            values = {k: v for k, v in w.items() if k not in ("year", "quarter")}
            assert pivot[(w["year"], w.get("quarter", 0))] == values


def test_statement_validation(client: httpx.Client) -> None:
    assert refused(client, STATEMENT, symbol="NOPE", type="cash-flow") == "Invalid symbol"
    refused(client, STATEMENT, type="cash-flow")
    refused(client, STATEMENT, symbol="E1VFVN30", type="cash-flow")  # an ETF
    refused(client, STATEMENT, symbol="VNM")
    refused(client, STATEMENT, symbol="VNM", type="cashflow")
    refused(client, STATEMENT, symbol="VNM", type="cash-flow", period="yearly")
    for limit in ("0", "6", "x"):
        refused(client, STATEMENT, symbol="VNM", type="cash-flow", limit=limit)
    assert len(data(client, STATEMENT, symbol="VNM", type="cash-flow", limit=2)) == 2
    refused(client, "/market/company-financial/analysis", symbol="VNM", period="monthly")
    refused(client, "/market/company-financial/analysis")
    assert refused(client, "/market/company-financial/overview", symbol="XXX") == "Invalid symbol"


def _ratio(a: float, b: float) -> float:
    return a / b


def _growth(now: int, before: int) -> float | None:
    return None if before <= 0 else now / before - 1


@pytest.mark.parametrize("symbol", ["VNM", "VCB", "SSI"])
def test_ratios_recompute_from_statements(
    sandbox: Sandbox, client: httpx.Client, symbol: str
) -> None:
    shares = sandbox.engine.instruments[symbol].shares
    for period, span in (("annual", 1), ("quarterly", 4)):
        rows = data(client, "/market/company-financial/analysis", symbol=symbol, period=period)
        assert len(rows) == (8 if period == "annual" else 12)
        assert all(len(r) >= 60 for r in rows)
        assert all(("quarter" in r) == (period == "quarterly") for r in rows)
        got = statements(client, symbol, period)
        inc, bal, cf = got["income-statement"], got["balance-sheet"], got["cash-flow"]
        row = rows[0]
        assert (row["year"], row.get("quarter")) == (inc[0]["year"], inc[0].get("quarter"))
        i0, b0 = inc[0], bal[0]
        net4 = sum(x["loinhuansauthue"] for x in inc[:span])
        parent4 = sum(x["loinhuansauthuecuacodongcongtyme"] for x in inc[:span])
        assert row["bienlaigop"] == _ratio(i0["loinhuangop"], i0["doanhthuthuan"])
        assert row["bienlaisauthue"] == _ratio(i0["loinhuansauthue"], i0["doanhthuthuan"])
        assert row["ebit"] == i0["loinhuantruocthue"] - i0["chiphilaivay"]
        assert row["ebitda"] == row["ebit"] + cf[0]["khauhaotaisancodinh"]
        assert row["bienlaiebitda"] == _ratio(row["ebitda"], i0["doanhthuthuan"])
        assert row["roe"] == _ratio(net4, b0["vonchusohuu"])
        assert row["roa"] == _ratio(net4, b0["tongtaisan"])
        assert row["eps"] == _ratio(parent4, shares)
        assert row["bvps"] == _ratio(b0["vonchusohuu"], shares)
        assert row["bookvalue"] == b0["vonchusohuu"]
        assert row["nophaitra_vcsh"] == _ratio(b0["nophaitra"], b0["vonchusohuu"])
        debt = b0["vayvanothuetaichinhnganhan"] + b0["vayvanothuetaichinhdaihan"]
        assert row["novay_vonchu"] == _ratio(debt, b0["vonchusohuu"])
        assert row["thanhtoan_hienhanh"] == _ratio(b0["taisannganhan"], b0["nonganhan"])
        assert row["thanhtoan_nhanh"] == _ratio(b0["taisannganhan"] - b0["hangtonkho"],
                                                b0["nonganhan"])  # fmt: skip
        assert row["thanhtoan_tienmat"] == _ratio(b0["tienvatuongduongtien"], b0["nonganhan"])
        assert row["vonhoa"] == round(row["giadongcua"] * shares)
        assert row["ev"] == row["vonhoa"] + debt - b0["tienvatuongduongtien"]
        assert row["pe"] == (_ratio(row["giadongcua"], row["eps"]) if row["eps"] > 0 else None)
        assert row["pb"] == _ratio(row["giadongcua"], row["bvps"])
        back = 1 if period == "annual" else 4

        assert row["lnst_yoy"] == _growth(i0["loinhuansauthue"], inc[back]["loinhuansauthue"])
        assert row["tt_dtt_yoy"] == _growth(i0["doanhthuthuan"], inc[back]["doanhthuthuan"])
        assert row["dtt_yoy"] == row["tt_dtt_yoy"]
        if period == "quarterly":
            assert row["dtt_qoq"] == _growth(i0["doanhthuthuan"], inc[1]["doanhthuthuan"])
            assert row["lnst_qoq"] == _growth(i0["loinhuansauthue"], inc[1]["loinhuansauthue"])
            assert rows[-1]["lnst_yoy"] is None and rows[-1]["roe"] is None
        assert rows[-1]["tt_dtt_yoy"] is None  # no comparison period in the window
        # a close on the simulated tape: the last trading day on or before the period end
        assert on_tick(row["giadongcua"], sandbox.engine.instruments[symbol].exchange)
    assert set(RATIOS) - set(rows[0]) <= {"nim", "margin_loan_to_equity_ratio"}


def test_overview_is_the_latest_annual_row(sandbox: Sandbox, client: httpx.Client) -> None:
    for symbol, industry in (("VCB", "Banking"), ("SSI", "Securities"), ("VNM", None)):
        view = data(client, "/market/company-financial/overview", symbol=symbol)
        row = data(client, "/market/company-financial/analysis", symbol=symbol)[0]
        for key in ("pe", "pb", "ev_ebitda", "gross_margin", "roe", "eps", "dividend_yield",
                    "roa"):  # fmt: skip
            assert view[key] == row[key]
        assert (view["nim"] is not None) == (industry == "Banking")
        assert (view["margin_loan_to_equity_ratio"] is not None) == (industry == "Securities")
        assert 0 < view["gross_margin"] < 1 and 0 < view["dividend_yield"] < 0.2
    peers = [s for s, i in sandbox.engine.instruments.items()
             if i.industry == "Securities" and i.stock_type == "STOCK"]  # fmt: skip
    pes = [data(client, "/market/company-financial/overview", symbol=s)["pe"] for s in peers]
    present = [p for p in pes if p is not None]
    view = data(client, "/market/company-financial/overview", symbol="SSI")
    assert view["industry"]["pe"] == pytest.approx(sum(present) / len(present), abs=1e-5)


# -- determinism -----------------------------------------------------------------------------

SAMPLE = [
    (STATEMENT, {"symbol": "FPT", "type": "cash-flow", "period": "quarterly"}),
    ("/market/company-financial/analysis", {"symbol": "FPT"}),
    ("/market/news", {"stocks": "FPT,VNM"}),
    (f"{FD}/global-news", {"page": 2}),
    (f"{FD}/macro", {"type": "NFP", "country": "US"}),
    (f"{FD}/economic-calendar-events", {"weeks": 3}),
    (f"{FD}/gold-chart", {"days": 90}),
    (FD, {}),
    (f"{FUND}/DCDS/nav-histories", {"period": "THREE_YEARS"}),
    (f"{FUND}/DCDS/portfolio", {}),
]


def _bodies(sb: Sandbox) -> list[Any]:
    out = []
    headers = {"X-FH-APIKEY": sb.api_key}
    with httpx.Client(transport=sb.transport, base_url="http://x", headers=headers) as c:
        for path, params in SAMPLE:
            body = c.get(path, params=params).json()
            body.pop("traceId")
            out.append(body)
    return out


def test_same_seed_same_data() -> None:
    first = Sandbox(seed=0, now="2026-11-20 10:30")
    second = Sandbox(seed=0, now="2026-11-20 10:30")
    assert _bodies(first) == _bodies(second)
    other = Sandbox(seed=1, now="2026-11-20 10:30")
    headers = {"X-FH-APIKEY": other.api_key}
    with httpx.Client(transport=other.transport, base_url="http://x", headers=headers) as c:
        changed = c.get(STATEMENT, params=SAMPLE[0][1]).json()
    changed.pop("traceId")
    assert changed != _bodies(first)[0]


# -- news ----------------------------------------------------------------------------------------


def test_corporate_events(client: httpx.Client) -> None:
    events = data(client, "/market/news", "result", stock="VNM")
    fields = {"id", "path", "title", "stock", "body", "createdDate", "actionDate", "gdkhqDate",
              "eventType", "eventTypeName", "createdAt", "updatedAt", "url"}  # fmt: skip
    assert events and all(set(e) == fields and e["stock"] == "VNM" for e in events)
    for e in events:
        assert re.fullmatch(r"\d{2}/\d{2} - \d{2}:\d{2}", e["createdDate"])
        created = dt.datetime.fromisoformat(e["createdAt"])
        assert TODAY - dt.timedelta(days=366) <= created.date() <= TODAY
        assert dt.date.fromisoformat(e["gdkhqDate"]) < dt.date.fromisoformat(e["actionDate"])
        assert dt.datetime.fromisoformat(e["updatedAt"]) >= created
    assert [e["createdAt"] for e in events] == sorted(
        (e["createdAt"] for e in events), reverse=True
    )
    everyone = data(client, "/market/news", "result")
    kinds = Counter(e["eventType"] for e in everyone)
    assert {"AGM", "DIV", "STOCKDIV", "RIGHTS"} <= set(kinds)
    assert any(dt.date.fromisoformat(e["actionDate"]) > TODAY for e in everyone)
    for e in everyone:
        if e["eventType"] == "DIV":
            assert re.search(r"\d[\d.]* đồng/CP$", e["title"])
    pair = data(client, "/market/news", "result", stocks="FPT, hpg,NOPE")
    assert {e["stock"] for e in pair} == {"FPT", "HPG"}
    window = data(client, "/market/news", "result", from_date="01/01/2026", to_date="30/06/2026")
    assert window and all("2026-01-01" <= e["createdAt"][:10] <= "2026-06-30" for e in window)
    only_to = data(client, "/market/news", "result", stock="VNM", to_date="01/01/2000")
    assert only_to == events  # to_date alone is ignored
    assert data(client, "/market/news", "result", stock="NOPE") == []
    refused(client, "/market/news", from_date="2026-01-01")
    refused(client, "/market/news", from_date="31/02/2026", to_date="01/03/2026")


def test_cash_dividend_matches_the_cash_flow(client: httpx.Client, sandbox: Sandbox) -> None:
    events = data(client, "/market/news", "result", stock="VNM", from_date="01/01/2024")
    dividends = {e["createdAt"][:4]: e for e in events if e["eventType"] == "DIV"}
    quarters = data(client, STATEMENT, symbol="VNM", type="cash-flow", period="quarterly")
    q3 = next(q for q in quarters if q["quarter"] == 3)
    per_share = round(-q3["cotucloinhuandatrachochusohuu"] / sandbox.engine.instruments[
        "VNM"].shares / 100) * 100  # fmt: skip
    title = dividends[str(q3["year"])]["title"]
    assert title.endswith(f"{per_share:,}".replace(",", ".") + " đồng/CP")


def test_global_news_pages(client: httpx.Client) -> None:
    first = data(client, f"{FD}/global-news", page_size=7)
    total = first["total"]
    assert total == 120 and first["current_page"] == 1 and first["previous_page"] is None
    seen: list[int] = []
    page = 1
    while True:
        got = data(client, f"{FD}/global-news", page=page, page_size=7)
        assert got["page_total"] == len(got["results"]) and got["current_page"] == page
        seen += [x["id"] for x in got["results"]]
        if got["next_page"] is None:
            break
        assert got["next_page"] == page + 1
        page += 1
    assert len(seen) == len(set(seen)) == total
    stamps = [x["published_at"] for x in data(client, f"{FD}/global-news", page_size=50)["results"]]
    assert stamps == sorted(stamps, reverse=True) and stamps[0] <= "2026-11-20T03:30:00Z"
    crypto = data(client, f"{FD}/global-news", category="cryptocurrency", page_size=50)
    assert crypto["total"] == 24 and {x["category"] for x in crypto["results"]} == {
        "cryptocurrency"
    }
    beyond = data(client, f"{FD}/global-news", page=99)
    assert beyond["results"] == [] and beyond["next_page"] is None
    detail = data(client, f"{FD}/global-news/{seen[3]}")
    assert detail["id"] == seen[3] and isinstance(detail["content"], str)
    r = client.get(f"{FD}/global-news/12345")
    assert r.status_code == 404
    assert {k: r.json()[k] for k in ("error_code", "message", "data")} == {
        "error_code": "404",
        "message": "Global news not found",
        "data": None,
    }
    for bad in ({"page": 0}, {"page_size": 51}, {"page_size": 0}, {"category": "Forex"}):
        refused(client, f"{FD}/global-news", **bad)


def test_recommendations_are_polymorphic(sandbox: Sandbox, client: httpx.Client) -> None:
    engine = sandbox.engine
    stocks = [s for s, i in engine.instruments.items() if i.stock_type == "STOCK"]
    shapes: Counter[str] = Counter()
    for symbol in stocks:
        payload = data(client, f"/market/recommendation-reports/{symbol}")
        if payload == []:
            shapes["empty"] += 1
            continue
        shapes["object"] += 1
        assert set(payload) == {"recommendation", "recommendationReports"}
        reports = payload["recommendationReports"]
        assert payload["recommendation"] == reports[0]["description"]
        stamps = [r["publish_date"] for r in reports]
        assert stamps == sorted(stamps, reverse=True) and stamps[0] <= "2026-11-20T03:30:00Z"
        for report in reports:
            assert report["stock"] == symbol and report["recommendation_price"] is None
            assert on_tick(report["target_price"], engine.instruments[symbol].exchange)
        if shapes["object"] <= 5:  # target = close of the publication day x (1 + upside)
            report = reports[-1]
            day = dt.datetime.fromisoformat(report["publish_date"].replace("Z", "+00:00"))
            bars = data(
                client,
                "/market/price-histories-chart",
                symbol=symbol,
                resolution="1D",
                **{"from": int(day.timestamp()) - 7 * 86400, "to": int(day.timestamp())},
            )
            upside = report["target_price"] / bars["close"][-1] - 1
            assert f"{abs(upside) * 100:.0f}% tới giá mục tiêu" in report["description"]
    assert shapes["empty"] > 30 and shapes["object"] > 30
    assert data(client, "/market/recommendation-reports/E1VFVN30") == []
    assert refused(client, "/market/recommendation-reports/NOPE") == "Invalid symbol"


# -- macro -----------------------------------------------------------------------------------------


def test_macro(client: httpx.Client) -> None:
    cpi = data(client, f"{FD}/macro", type="CPI", country="VN")
    assert [x["month"] for x in cpi] == sorted(x["month"] for x in cpi)
    assert cpi[-1]["month"] == "2026-10" and all(x["date"] is None for x in cpi)
    assert 1.5 < sum(x["value"] for x in cpi) / len(cpi) < 5.5
    fed = data(client, f"{FD}/macro", type="FED_FUNDS_RATE", country="US", period="ONE_YEAR")
    assert fed[-1]["month"] == "2026-11" and fed[-1]["date"] == "2026-11-20"
    assert all(3 < x["value"] < 6 for x in fed) and len(fed) == 13
    ytd = data(client, f"{FD}/macro", type="CPI", country="US", period="YTD")
    assert [x["month"] for x in ytd] == [f"2026-{m:02d}" for m in range(1, 11)]
    assert data(client, f"{FD}/macro", type="GOVERNMENT_10Y_BOND_YIELD", country="JP")
    assert data(client, f"{FD}/macro", type="PCE", country="VN") == []
    for params in (
        {"type": "CPI"}, {"country": "VN"}, {"type": "GOODS_RETAIL", "country": "VN"},
        {"type": "CPI", "country": "JP"}, {"type": "CPI", "country": "DE"},
        {"type": "CPI", "country": "VN", "period": "YEARLY"}, {"type": "cpi", "country": "VN"},
    ):  # fmt: skip
        refused(client, f"{FD}/macro", **params)


def test_trading_economics(client: httpx.Client) -> None:
    rows = data(client, f"{FD}/trading-economics", country="United States", category="Prices",
                year=2024)  # fmt: skip
    assert rows and all(r["year"] == 2024 and r["category"] == "Prices" for r in rows)
    keys = [(r["year"], r["month"]) for r in rows]
    assert keys == sorted(keys, reverse=True)
    everything = data(client, f"{FD}/trading-economics", country="Vietnam")
    assert (everything[0]["year"], everything[0]["month"]) == (2026, 10)
    by_indicator: dict[str, list[Any]] = {}
    for r in everything:
        by_indicator.setdefault(r["indicator"], []).append(r)
    for series in by_indicator.values():
        for newer, older in pairwise(series):
            assert newer["previousValue"] == older["lastValue"]
    for params in (
        {},
        {"country": "Viet Nam"},
        {"country": "Vietnam", "category": "gdp"},
        {"country": "Vietnam", "year": 1999},
        {"country": "Vietnam", "year": "x"},
    ):
        refused(client, f"{FD}/trading-economics", **params)  # fmt: skip


def test_economic_calendar_window(client: httpx.Client) -> None:
    for weeks in (1, 3):
        events = data(client, f"{FD}/economic-calendar-events", weeks=weeks)
        dates = [dt.date.fromisoformat(e["date"]) for e in events]
        assert dates == sorted(dates)
        assert dates[0] >= TODAY and dates[-1] <= TODAY + dt.timedelta(days=7 * weeks)
        assert all(e["actual"] == "" for e in events if e["date"] > TODAY.isoformat())
        assert all(e["impact"] in (1, 2, 3) for e in events)
    us = data(client, f"{FD}/economic-calendar-events", weeks=4, country="United States")
    assert us and {e["country"] for e in us} == {"United States"}
    for params in ({"weeks": 0}, {"weeks": "x"}, {"country": "US"}):
        refused(client, f"{FD}/economic-calendar-events", **params)


def test_global_market_series(client: httpx.Client) -> None:
    rows = data(client, f"{FD}/market", type="SP500")
    assert len(rows) == 50 and rows[0]["date"] == "2026-11-19"
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    assert all(r["year"] == int(r["date"][:4]) and r["month"] == int(r["date"][5:7]) for r in rows)
    assert len(data(client, f"{FD}/market", type="EURUSD", limit=500)) == 500
    for params in ({}, {"type": "DAX"}, {"type": "SP500", "limit": 0},
                   {"type": "SP500", "limit": 501}):  # fmt: skip
        refused(client, f"{FD}/market", **params)


# -- commodities and the all-in-one ----------------------------------------------------------------


def test_metal_charts_end_at_the_spot_quotes(client: httpx.Client) -> None:
    for metal, product in (("gold", "SJC_GOLD"), ("silver", "SILVER_PNJ")):
        spot = {x["index"]: x for x in data(client, f"{FD}/{metal}")}
        world = spot[f"GLOBAL_{metal.upper()}"]
        chart = data(client, f"{FD}/{metal}-chart")
        assert len(chart) == 30 and chart[-1]["date"] == TODAY.isoformat()
        days = [dt.date.fromisoformat(p["date"]) for p in chart]
        assert all((b - a).days == 1 for a, b in pairwise(days))
        assert chart[-1][f"{metal}_bar"] == round(spot[product]["sell_value"] / 10_000, 1)
        assert chart[-1][f"{metal}_global"] == pytest.approx(world["vnd_value"] / 10_000, abs=0.11)
        assert world["usd_value"] == spot[product]["usd_value"]
        assert len(data(client, f"{FD}/{metal}-chart", days=7)) == 7
        assert len(data(client, f"{FD}/{metal}-chart", days="abc")) == 30
        assert len(data(client, f"{FD}/{metal}-chart", days=-3)) == 30
    sjc = data(client, f"{FD}/gold")[0]
    assert 50_000_000 < sjc["sell_value"] < 150_000_000 and sjc["buy_value"] < sjc["sell_value"]
    assert sjc["vnd_value"] == sjc["sell_value"] and sjc["date"] == TODAY.isoformat()
    gold_close = data(client, f"{FD}/market", type="GOLD", limit=1)[0]["value"]
    assert sjc["usd_value"] == gold_close
    silver = data(client, f"{FD}/silver")[0]
    assert 500_000 < silver["sell_value"] < 2_000_000
    providers = data(client, f"{FD}/gold-providers")
    metals = data(client, f"{FD}/metal-providers")
    assert {"SJC_GOLD", "PNJ_GOLD", "DOJI_9999_GOLD_RING"} <= {x["index"] for x in providers}
    assert providers == metals[: len(providers)] and len(metals) > len(providers)
    assert next(x for x in providers if x["index"] == "DOJI_9999_GOLD_RING")["name"] == (
        "Vàng nhẫn DOJI"
    )


def test_financial_data_matches_the_specific_endpoints(client: httpx.Client) -> None:
    groups = {g["financial_type"]: g for g in data(client, FD)}
    assert set(groups) == {"GOLD", "SILVER", "CRYPTO", "BANK_INTEREST_RATE",
                           "USD_EXCHANGE_RATE", "US_INDEX"}  # fmt: skip
    for group in groups.values():
        assert set(group) == {"financial_type", "name", "values", "last_updated"}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", group["last_updated"])
        for row in group["values"]:
            assert {"index", "name", "description", "icon_url", "value_type"} <= set(row)
            extra = (
                {"buy_value", "sell_value"}
                if row["value_type"] == "BUY_SELL"
                else {"value", "change", "change_percent"}
            )
            assert set(row) == {"index", "name", "description", "icon_url", "value_type", *extra}
    spot = {x["index"]: x for x in data(client, f"{FD}/metal-providers")}
    gold = {r["index"]: r for r in groups["GOLD"]["values"]}
    assert gold["SJC_GOLD_BAR"]["description"] == "Đơn vị: 1.000đ/chỉ"
    assert gold["SJC_GOLD_BAR"]["sell_value"] * 10_000 == spot["SJC_GOLD"]["sell_value"]
    assert gold["SJC_GOLD_BAR"]["buy_value"] * 10_000 == spot["SJC_GOLD"]["buy_value"]
    assert (
        gold["PNJ_9999_GOLD_RING"]["sell_value"] * 10_000
        == spot["PNJ_9999_GOLD_RING"]["sell_value"]
    )
    silver = {r["index"]: r for r in groups["SILVER"]["values"]}
    assert silver["SILVER_PNJ"]["sell_value"] == pytest.approx(
        spot["SILVER_PNJ"]["sell_value"] / 10_000
    )
    usd = {r["index"]: r for r in groups["USD_EXCHANGE_RATE"]["values"]}
    vcb = usd["USD_VND_EXCHANGE_RATE"]
    assert vcb["name"] == "Vietcombank" and vcb["description"] == "Giao dịch tiền mặt"
    assert 20_000 < vcb["buy_value"] < vcb["sell_value"] < 30_000
    coins = {c["symbol"]: c for c in data(client, f"{FD}/cryptos/top-trending")}
    for row in groups["CRYPTO"]["values"]:
        coin = coins[row["name"]]
        assert row["value"] == coin["price"] and row["value_type"] == "SINGLE"
        assert row["change_percent"] == pytest.approx(coin["percent_change_24h"], abs=0.006)
    closes = {r["index"]: r for r in groups["US_INDEX"]["values"]}
    sp = data(client, f"{FD}/market", type="SP500", limit=2)
    assert closes["SP_500"]["value"] == sp[0]["value"]
    assert closes["SP_500"]["change"] == pytest.approx(sp[0]["value"] - sp[1]["value"], abs=1e-3)
    twelve = {r["bank"]: r["rate"] for r in data(client, f"{FD}/bank-interest-rates")
              if r["term"] == "12 tháng"}  # fmt: skip
    assert {r["name"]: r["value"] for r in groups["BANK_INTEREST_RATE"]["values"]} == twelve


def test_top_trending_crypto(client: httpx.Client) -> None:
    coins = data(client, f"{FD}/cryptos/top-trending")
    btc = next(c for c in coins if c["symbol"] == "BTC")
    assert 20_000 < btc["price"] < 400_000 and btc["market_cap"] == round(btc["price"] * 19_950_000)
    whole, _, cents = btc["formatted_price"].partition(",")
    assert len(cents) == 2 and int(whole.replace(".", "")) == int(btc["price"])


def test_bank_rate_shapes(sandbox: Sandbox, client: httpx.Client) -> None:
    records = data(client, f"{FD}/bank-interest-rates")
    assert all(set(r) == {"bank", "term", "rate", "updated_at"} for r in records)
    assert all(0 < r["rate"] < 10 for r in records)
    public = sandbox.app.routes.public
    public.bank_rates_shape = "nested"
    nested = data(client, f"{FD}/bank-interest-rates")
    assert set(nested) == {"updated_at", "banks"}
    vcb = next(b for b in nested["banks"] if b["bank"] == "Vietcombank")
    assert vcb["rates"]["12M"] == next(
        r["rate"] for r in records if r["bank"] == "Vietcombank" and r["term"] == "12 tháng"
    )
    public.bank_rates_shape = "empty"
    assert data(client, f"{FD}/bank-interest-rates") == {}
    public.bank_rates_shape = "records"
    assert data(client, f"{FD}/bank-interest-rates") == records


# -- funds ---------------------------------------------------------------------------------------


def test_fund_catalogue(client: httpx.Client) -> None:
    companies = data(client, "/fund-trading/public/fund-companies")
    assert all(set(c) == {"id", "name", "short_name", "image_url"} for c in companies)
    ids = {c["short_name"]: c["id"] for c in companies}
    seen = []
    for kind in ("STOCK_FUND", "BOND_FUND", "BALANCE_FUND"):
        funds = data(client, FUND, **{"fund-type": kind})
        assert funds and all(set(f) == {"id", "name", "type", "aum", "rating"} for f in funds)
        assert all(f["type"] == kind and f["aum"] > 0 and f["id"] != 36 for f in funds)
        seen += [f["name"] for f in funds]
    assert {"VESAF", "DCDS", "DCBF", "VCBF-TBF", "SSISCA", "TCBF"} <= set(seen)
    growth = [
        data(client, f"{FUND}/benchmark/growth", **{"fund-names": f["name"], "amount": 100,
                                                    "period": "ONE_YEAR"})[0]["profit_percent"]
        for f in data(client, FUND, **{"fund-type": "STOCK_FUND"})
    ]  # fmt: skip
    assert growth == sorted(growth, reverse=True)
    dragon = data(client, FUND, **{"fund-type": "STOCK_FUND", "fund-company-id": ids["DCVFM"]})
    assert {f["name"] for f in dragon} == {"DCDS", "DCDE"}
    top = {r["fund_name"]: r["aum"] for r in data(client, f"{FUND}/top-aum",
                                                   **{"fund-type": "STOCK_FUND"})}  # fmt: skip
    assert all(
        top[f["name"]] == f["aum"] for f in data(client, FUND, **{"fund-type": "STOCK_FUND"})
    )
    refused(client, FUND)
    refused(client, FUND, **{"fund-type": "ETF"})
    refused(client, FUND, **{"fund-type": "STOCK_FUND", "fund-company-id": "x"})


@pytest.mark.parametrize("period", ["ONE_MONTH", "BEGIN_THE_YEAR", "THREE_YEARS", "ALL_TIME"])
def test_fund_growth_follows_the_nav(client: httpx.Client, period: str) -> None:
    names = "VESAF,DCBF,VCBF-TBF"
    growth = data(client, f"{FUND}/benchmark/growth",
                  **{"fund-names": names, "amount": 10_000_000, "period": period})  # fmt: skip
    navs = data(client, f"{FUND}/benchmark/nav", **{"fund-names": names, "period": period})
    assert [g["fund_name"] for g in growth] == [n["fund_name"] for n in navs] == names.split(",")
    for g, n in zip(growth, navs, strict=True):
        records = n["nav_records"]
        first, last = records[0]["navpf"], records[-1]["navpf"]
        assert records[0]["change_percent"] == 0
        assert (
            g["profit_percent"]
            == records[-1]["change_percent"]
            == round((last / first - 1) * 100, 2)
        )
        assert g["current_amount"] == round(10_000_000 * last / first)
        assert records[-1]["date"] < TODAY.isoformat()
        history = data(client, f"{FUND}/{g['fund_name']}/nav-histories", period=period)
        assert [h["nav"] for h in history["nav_histories"]] == [r["navpf"] for r in records]
    if period == "BEGIN_THE_YEAR":
        assert all(n["nav_records"][0]["date"] < "2026-01-01" for n in navs)
        assert all(n["nav_records"][1]["date"] >= "2026-01-01" for n in navs)


def test_nav_histories(client: httpx.Client) -> None:
    full = data(client, f"{FUND}/VESAF/nav-histories")  # default ALL_TIME
    rows = full["nav_histories"]
    assert full["benchmark_name"] == "VN-INDEX" and rows[0]["nav"] == 10_000
    assert rows[0]["date"] == "2017-04-18" and len(rows) > 2000
    assert all(set(r) == {"date", "nav", "benchmark_value"} for r in rows)
    bond = data(client, f"{FUND}/DCBF/nav-histories", period="ONE_YEAR")
    assert bond["benchmark_name"] != "VN-INDEX"
    navs = [r["nav"] for r in bond["nav_histories"]]
    assert navs[-1] > navs[0]
    months = data(
        client,
        f"{FUND}/benchmark/nav",
        **{"fund-names": "VESAF", "from-month": "2025-01", "to-month": "2025-03"},
    )
    dates = [r["date"] for r in months[0]["nav_records"]]
    assert dates[0] >= "2025-01-01" and dates[-1] <= "2025-03-31" and len(dates) > 50
    for params in ({"fund-names": "VESAF"}, {"fund-names": "VESAF", "from-month": "2025-01"},
                   {"fund-names": "VESAF", "from-month": "2025-13", "to-month": "2025-12"},
                   {"fund-names": "VESAF", "from-month": "2025-06", "to-month": "2025-01"},
                   {"fund-names": "VESAF", "period": "TWO_YEARS"}, {"period": "ONE_YEAR"},
                   {"fund-names": "VESAF,NOPE", "period": "ONE_YEAR"}):  # fmt: skip
        refused(client, f"{FUND}/benchmark/nav", **params)
    refused(client, f"{FUND}/VESAF/nav-histories", period="WEEK")
    for params in ({"fund-names": "VESAF", "amount": 100},
                   {"fund-names": "VESAF", "period": "ONE_YEAR"},
                   {"fund-names": "VESAF", "amount": 0, "period": "ONE_YEAR"},
                   {"fund-names": "VESAF", "amount": 100, "from-month": "2025-01",
                    "to-month": "2025-02"}):  # fmt: skip
        refused(client, f"{FUND}/benchmark/growth", **params)


def test_fund_holdings(sandbox: Sandbox, client: httpx.Client) -> None:
    for name in ("VESAF", "DCBF", "VCBF-TBF"):
        lines = data(client, f"{FUND}/{name}/portfolio")
        assert sum(x["percent"] for x in lines) == pytest.approx(100)
        stocks = [x for x in lines if x["asset_type"] == "STOCK"]
        assert all(x["symbol"] in sandbox.engine.instruments for x in stocks)
        sectors = data(client, f"{FUND}/{name}/sector-allocation")
        assert sum(s["percent"] for s in sectors) == pytest.approx(100)
        assert all(set(s) == {"sector_name", "percent"} for s in sectors)
        split = data(client, f"{FUND}/{name}/asset-allocation")
        assert set(split) == {"bond", "stock", "others"} and sum(split.values()) == 100
        assert all(isinstance(v, int) for v in split.values())
        assert split["stock"] == round(sum(x["percent"] for x in stocks))
    assert data(client, f"{FUND}/VCBF-MGF/asset-allocation") is None
    counts: Counter[str] = Counter()
    for name in ("DCDS", "DCBF", "DCDE", "VESAF", "VEOF", "VFF", "VIBF", "VCBF-BCF", "VCBF-TBF",
                 "VCBF-FIF", "VCBF-MGF", "SSISCA", "SSIBF", "MAFEQI", "MAFBAL", "BVPF", "BVBF",
                 "TCBF", "TCEF", "MBVF", "MBBOND", "ENF"):  # fmt: skip
        counts.update(x["symbol"] for x in data(client, f"{FUND}/{name}/portfolio")
                      if x["asset_type"] == "STOCK")  # fmt: skip
    top = data(client, f"{FUND}/top-holding-symbols")
    assert {t["symbol"]: t["number_of_funds"] for t in top} == dict(counts)
    assert [t["number_of_funds"] for t in top] == sorted(counts.values(), reverse=True)
    suggestions = data(client, f"{FUND}/VESAF/suggestions")
    assert {s["criteria"] for s in suggestions} == {"NET_ASSET_EQUIVALENT", "GROWTH_EQUIVALENT"}
    stock_funds = {f["name"] for f in data(client, FUND, **{"fund-type": "STOCK_FUND"})}
    assert {s["fund_name"] for s in suggestions} <= stock_funds - {"VESAF"}


def test_fund_rankings_and_operation(client: httpx.Client) -> None:
    flows = data(client, f"{FUND}/top-fund-flow", **{"fund-type": "BOND_FUND"})
    assert all(r["fund_flow"] == r["fund_inflow"] - r["fund_outflow"] for r in flows)
    assert [r["fund_flow"] for r in flows] == sorted((r["fund_flow"] for r in flows), reverse=True)
    assert {r["month"] for r in flows} == {"2026-10"}
    people = data(client, f"{FUND}/top-investor", **{"fund-type": "STOCK_FUND"})
    assert [r["investors"] for r in people] == sorted((r["investors"] for r in people),
                                                      reverse=True)  # fmt: skip
    refused(client, f"{FUND}/top-aum")
    ops = data(client, f"{FUND}/benchmark/operation", **{"fund-names": "VESAF,TCBF",
                                                         "period": "SIX_MONTHS"})  # fmt: skip
    top = {r["fund_name"]: r for r in data(client, f"{FUND}/top-aum",
                                           **{"fund-type": "BOND_FUND"})}  # fmt: skip
    for op in ops:
        assert op["total_fund_flow"] == sum(f["fund_flow"] for f in op["fund_flows"])
        assert [f["month"] for f in op["fund_flows"]] == [
            "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]  # fmt: skip
        assert all(f["fund_flow"] == f["fund_inflow"] - f["fund_outflow"] for f in op["fund_flows"])
        assert op["changed_aum_percent"] == round(
            op["changed_aum"] / (op["aum"] - op["changed_aum"]) * 100, 2
        )
    assert ops[1]["aum"] == top["TCBF"]["aum"]
    refused(client, f"{FUND}/benchmark/operation", **{"fund-names": "VESAF"})


def test_unknown_fund(client: httpx.Client) -> None:
    for what in ("nav-histories", "suggestions", "sector-allocation", "asset-allocation",
                 "portfolio"):  # fmt: skip
        r = client.get(f"{FUND}/NOPE/{what}")
        assert r.status_code == 404 and r.json()["message"] == "Fund not found"
    assert "NOPE" in refused(
        client,
        f"{FUND}/benchmark/growth",
        **{"fund-names": "NOPE", "amount": 1, "period": "ONE_YEAR"},
    )
    assert data(client, f"{FUND}/vesaf/portfolio")  # names are matched case-insensitively
