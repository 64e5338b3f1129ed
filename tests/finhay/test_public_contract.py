"""Contract tests for the public datasets: both client faces against the sandbox.

The sandbox's server side and vnfin's parsers were written separately from the same
reference, so these tests check two readings of it against each other.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pandas as pd
import pytest

import vnfin
from vnfin.sandbox import Sandbox

Call = Callable[..., pd.DataFrame]
TODAY = pd.Timestamp("2026-11-20", tz="Asia/Ho_Chi_Minh")


@pytest.fixture
def call(face: Call) -> Call:
    """``call("fundamentals.statement", ...)`` through the face under test."""
    return face


# -- fundamentals ------------------------------------------------------------------------


def test_overview(call: Call) -> None:
    vnm = call("fundamentals.overview", "vnm")
    assert list(vnm.columns) == ["company", "industry"]
    assert {"pe", "pb", "roe", "roa", "eps"} <= set(vnm.index)
    assert pd.isna(vnm.loc["nim", "company"])
    assert -1 < vnm.loc["roe", "company"] < 1  # a fraction
    bank = call("fundamentals.overview", "VCB")
    assert bank.loc["nim", "company"] > 0
    assert vnm.attrs["simulated"] and vnm.attrs["symbol"] == "VNM"


@pytest.mark.parametrize("period", ["annual", "quarterly"])
def test_statements_add_up(call: Call, period: str) -> None:
    income = call("fundamentals.statement", "FPT", "income", period)
    balance = call("fundamentals.statement", "FPT", "balance-sheet", period)
    cash = call("fundamentals.statement", "FPT", "cash-flow", period)
    assert len(income.columns) == 5 and list(income.columns) == sorted(income.columns, reverse=True)
    assert income.columns[0] == ("2025" if period == "annual" else "2026Q3")
    assert income.index[0] == "doanhthuthuan" and income.attrs["unit"] == "VND"
    pd.testing.assert_series_equal(
        income.loc["loinhuangop"],
        income.loc["doanhthuthuan"] + income.loc["giavonhangban"],
        check_names=False,
    )
    pd.testing.assert_series_equal(
        balance.loc["tongtaisan"], balance.loc["tongnguonvon"], check_names=False
    )
    pd.testing.assert_series_equal(
        cash.loc["tienvatuongduongtiencuoinam"],
        balance.loc["tienvatuongduongtien"],
        check_names=False,
    )
    pd.testing.assert_series_equal(
        cash.loc["loinhuanlotruocthue"], income.loc["loinhuantruocthue"], check_names=False
    )


def test_wide_and_long_statements_are_the_same_frame(sandbox: Sandbox) -> None:
    fh = sandbox.finhay()
    wide = fh.fundamentals.statement("HPG", "balance-sheet", "quarterly", 4)
    sandbox.finhay_app.public.statement_shape = "long"
    long = fh.fundamentals.statement("HPG", "balance-sheet", "quarterly", 4)
    pd.testing.assert_frame_equal(wide, long)


def test_ratios_match_the_statements(call: Call) -> None:
    ratios = call("fundamentals.ratios", "MWG")
    income = call("fundamentals.statement", "MWG", "income-statement")
    assert len(ratios) >= 40  # every code the API sends is kept
    assert "roe" in ratios.attrs["labels"]
    year = income.columns[0]
    margin = income.loc["loinhuangop", year] / income.loc["doanhthuthuan", year]
    assert ratios.loc["bienlaigop", year] == pytest.approx(margin, rel=1e-6)
    labelled = call("fundamentals.ratios", "MWG", labels=True)
    assert "Gross margin (fraction)" in labelled.index


def test_fundamentals_validation(call: Call) -> None:
    with pytest.raises(vnfin.ValidationError, match="limit"):
        call("fundamentals.statement", "VNM", "cash-flow", limit=6)
    with pytest.raises(vnfin.ValidationError, match="income-statement, balance-sheet"):
        call("fundamentals.statement", "VNM", "p&l")
    with pytest.raises(vnfin.APIError, match="Invalid symbol"):
        call("fundamentals.overview", "ZZZZ")


# -- news --------------------------------------------------------------------------------


def test_events(call: Call) -> None:
    ev = call("news.events", "VNM")
    assert len(ev) > 0 and set(ev.symbol) == {"VNM"}
    assert str(ev["action_date"].dt.tz) == "Asia/Ho_Chi_Minh"
    both = call("news.events", ["VNM", "FPT"], "2025-01-01", "2025-12-31")
    assert set(both.symbol) <= {"VNM", "FPT"}
    created = both["created_at"].dropna()
    assert created.empty or created.min() >= pd.Timestamp("2025-01-01", tz="Asia/Ho_Chi_Minh")


def test_global_news_pagination(call: Call) -> None:
    first = call("news.global_news", pages=2, page_size=10)
    assert len(first) == 20 and first["id"].is_unique
    everything = call("news.global_news", "forex", pages=None, page_size=50)
    assert len(everything) == everything.attrs["total"]
    assert set(everything.category) == {"forex"}
    article = call("news.article", int(everything["id"].iloc[0]))
    assert len(article) == 1 and isinstance(article.loc[0, "content"], str)
    with pytest.raises(vnfin.NotFound):
        call("news.article", 987654321)


def test_recommendations_polymorphic(sandbox: Sandbox) -> None:
    fh = sandbox.finhay()
    frames = {s: fh.news.recommendations(s) for s in list(sandbox.engine.instruments)[:20]}
    with_reports = [f for f in frames.values() if not f.empty]
    empty = [f for f in frames.values() if f.empty]
    assert with_reports and empty
    assert all(isinstance(f.attrs["recommendation"], str) for f in with_reports)
    assert all(f.attrs["recommendation"] is None and "target_price" in f for f in empty)


# -- macro -------------------------------------------------------------------------------


def test_macro(call: Call) -> None:
    cpi = call("macro.indicator", "cpi", "VN")
    assert cpi.index.is_monotonic_increasing and (cpi["type"] == "CPI").all()
    yields = call("macro.indicator", "GOVERNMENT_10Y_BOND_YIELD", "JP")
    assert len(yields) > 0
    with pytest.raises(vnfin.ValidationError, match="GOVERNMENT_10Y_BOND_YIELD"):
        call("macro.indicator", "CPI", "JP")
    with pytest.raises(vnfin.ValidationError, match="removed"):
        call("macro.indicator", "TOTAL_EXPORT")
    te = call("macro.economy", "US", "Prices")
    assert te.index.names == ["indicator", "time"]
    for _, series in te.groupby(level="indicator"):
        assert series.index.get_level_values("time").is_monotonic_increasing
    events = call("macro.calendar", 2)
    assert events["time"].min() >= TODAY
    assert events["time"].max() <= TODAY + pd.Timedelta(days=14)
    sp = call("macro.global_market", "SP500", 10)
    assert len(sp) == 10 and sp.index.is_monotonic_increasing


# -- commodities --------------------------------------------------------------------------


def test_commodities(call: Call) -> None:
    gold = call("commodities.gold")
    assert (gold.sell_value >= gold.buy_value).all() and gold.sell_value.max() > 1e6
    chart = call("commodities.silver_chart", 10)
    assert len(chart) == 10 and chart.index.is_monotonic_increasing
    assert {"silver_bar", "silver_global"} <= set(chart.columns)
    assert len(call("commodities.gold_chart")) == 30
    coins = call("commodities.crypto")
    assert "BTC" in coins.index and coins.loc["BTC", "price"] > 0
    providers = call("commodities.metal_providers")
    assert len(providers) >= len(call("commodities.gold_providers"))


def test_financial_data_is_in_vnd(call: Call) -> None:
    all_in_one = call("commodities.financial_data")
    assert {"GOLD", "SILVER", "CRYPTO", "USD_EXCHANGE_RATE"} <= set(all_in_one.financial_type)
    gold = all_in_one[all_in_one.financial_type == "GOLD"]
    assert (gold.unit == "VND per chỉ").all()
    assert (gold.sell_value > 1e6).all()  # millions of VND per chỉ, not thousands
    assert str(all_in_one["last_updated"].dt.tz) == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize("shape", ["records", "nested", "empty"])
def test_bank_rates_come_out_alike_whichever_shape_is_served(sandbox: Sandbox, shape: str) -> None:
    sandbox.finhay_app.public.bank_rates_shape = "records"
    reference = sandbox.finhay().commodities.bank_rates()
    sandbox.finhay_app.public.bank_rates_shape = shape
    rates = sandbox.finhay().commodities.bank_rates()
    assert rates.attrs["unit"] == "% per year"
    assert list(rates.columns) == ["bank", "term", "term_months", "rate", "updated_at"]
    if shape == "empty":
        assert rates.empty
        return
    assert rates[["bank", "term_months", "rate", "updated_at"]].equals(
        reference[["bank", "term_months", "rate", "updated_at"]]
    )
    assert set(rates["term_months"]) == {1, 3, 6, 9, 12, 18, 24, 36}
    assert rates["updated_at"].dt.day.eq(1).all()  # set on the 1st of the month


def test_bank_rates_in_an_unknown_shape_are_flattened_and_say_so() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        payload = {"Vietcombank": {"12M": 4.7}}
        return httpx.Response(200, json={"error_code": "0", "message": "ok", "data": payload})

    with vnfin.Finhay("key", transport=httpx.MockTransport(handler), max_retries=0) as fh:
        rates = fh.commodities.bank_rates()
    assert rates.attrs["unit"] == "undocumented"
    assert rates.to_dict("records") == [{"vietcombank_12_m": 4.7}]


# -- funds --------------------------------------------------------------------------------


def test_funds(call: Call) -> None:
    listing = call("funds.list")
    assert set(listing["type"]) == {"STOCK_FUND", "BOND_FUND", "BALANCE_FUND"}
    stock = call("funds.list", "stock")
    assert set(stock["type"]) == {"STOCK_FUND"}
    fund = str(stock["name"].iloc[0])
    nav = call("funds.nav_history", fund, "1Y")
    assert nav.index.is_monotonic_increasing and (nav["nav"] > 0).all()
    assert nav.attrs["benchmark"]
    companies = call("funds.companies")
    assert companies["id"].is_unique
    by_company = call("funds.list", "STOCK_FUND", int(companies["id"].iloc[0]))
    assert len(by_company) <= len(stock)


def test_fund_growth_matches_nav(call: Call) -> None:
    names = call("funds.list", "STOCK_FUND")["name"].tolist()[:3]
    growth = call("funds.growth", names, 10_000_000, "ONE_YEAR")
    assert list(growth.index) == names
    for fund in names:
        row = growth.loc[fund]
        assert row.current_amount == pytest.approx(
            10_000_000 * (1 + row.profit_percent / 100), rel=1e-3
        )
    comparison = call("funds.nav_comparison", names[:2], start="2025-01", end="2025-06")
    assert set(comparison.index.get_level_values("fund")) == set(names[:2])
    times = comparison.index.get_level_values("time")
    assert times.min() >= pd.Timestamp("2025-01-01", tz="Asia/Ho_Chi_Minh")
    with pytest.raises(vnfin.ValidationError, match="period"):
        call("funds.nav_comparison", names[:2])


def test_possibly_retired_fund_endpoints(call: Call) -> None:
    fund = str(call("funds.list", "STOCK_FUND")["name"].iloc[0])
    sectors = call("funds.sector_allocation", fund)
    assert sectors["percent"].sum() == pytest.approx(100, abs=0.5)
    assert "retired" in sectors.attrs["status"]
    assets = call("funds.asset_allocation", fund)
    assert assets["percent"].sum() == pytest.approx(100)
    assert len(call("funds.holdings", fund)) > 0
    for name in ("funds.top_aum", "funds.top_investors", "funds.top_fund_flow"):
        ranking = call(name, "STOCK_FUND")
        assert len(ranking) > 0 and str(ranking["time"].dt.tz) == "Asia/Ho_Chi_Minh"
    assert call("funds.top_holdings")["number_of_funds"].max() >= 1
    summary = call("funds.operation", [fund], "ONE_YEAR")
    assert list(summary.index) == [fund]
    flows = call("funds.operation", [fund], "ONE_YEAR", flows=True)
    assert set(flows["fund"]) == {fund}
