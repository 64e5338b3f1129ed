"""Statements and ratios (reference §2.3): the accounting identities the simulated statements
keep, the published periods, the wide and long shapes, validation, and ratios recomputed from
the statements."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from vnfin.finhay.glossary import BALANCE_SHEET, CASH_FLOW, INCOME_STATEMENT, RATIOS
from vnfin.rules import on_tick
from vnfin.sandbox import Sandbox

STATEMENT = "/market/v2/financial-statement/statement"
SYMBOLS = ("VNM", "VCB", "SSI", "HPG", "VHM")
Data = Callable[..., Any]  # the `data` fixture: the payload of a successful GET
Refused = Callable[..., str]  # the `refused` fixture: the message of a 400


def statements(data: Data, symbol: str, period: str) -> dict[str, list[Any]]:
    return {
        kind: data(STATEMENT, symbol=symbol, type=kind, period=period)
        for kind in ("income-statement", "balance-sheet", "cash-flow")
    }


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
def test_statement_identities(data: Data, symbol: str, period: str) -> None:
    got = statements(data, symbol, period)
    inc, bal, cf = got["income-statement"], got["balance-sheet"], got["cash-flow"]
    assert len(inc) == len(bal) == len(cf) == 5
    if period == "annual":
        assert [r["year"] for r in inc] == [2025, 2024, 2023, 2022, 2021]
        assert all("quarter" not in r for r in inc)
    else:
        assert [(r["year"], r["quarter"]) for r in inc] == [
            (2026, 3),
            (2026, 2),
            (2026, 1),
            (2025, 4),
            (2025, 3),
        ]
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

        def get(path: str, **params: Any) -> Any:
            r = client.get(path, params=params)
            assert r.status_code == 200, r.text
            return r.json()["data"]

        for symbol in stocks:
            for period in ("annual", "quarterly"):
                got = statements(get, symbol, period)
                for inc, bal, cf in zip(*got.values(), strict=True):
                    check_identities(inc, bal, cf)


def test_year_is_the_sum_of_its_quarters(sandbox: Sandbox, data: Data) -> None:
    sandbox.now = "2026-01-15 10:00"  # latest quarter 2025Q4, latest year 2025
    quarters, years = statements(data, "HPG", "quarterly"), statements(data, "HPG", "annual")
    assert [(r["year"], r["quarter"]) for r in quarters["cash-flow"]][:4] == [
        (2025, 4),
        (2025, 3),
        (2025, 2),
        (2025, 1),
    ]
    for kind in ("income-statement", "cash-flow"):
        year, four = years[kind][0], quarters[kind][:4]
        assert year["year"] == 2025
        for code in year:
            if code in (
                "year",
                "laicobantrencophieu",
                "tienvatuongduongtiendaunam",
                "tienvatuongduongtiencuoinam",
            ):
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
        / sandbox.engine.instruments["HPG"].shares
    )


@pytest.mark.parametrize("period", ["annual", "quarterly"])
def test_wide_and_long_shapes_carry_the_same_numbers(
    sandbox: Sandbox, data: Data, period: str
) -> None:
    for kind in ("income-statement", "balance-sheet", "cash-flow"):
        wide = data(STATEMENT, symbol="vcb", type=kind, period=period, limit=3)
        sandbox.finhay_app.public.statement_shape = "long"
        long = data(STATEMENT, symbol="VCB", type=kind, period=period, limit=3)
        sandbox.finhay_app.public.statement_shape = "wide"
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


def test_statement_validation(data: Data, refused: Refused) -> None:
    assert refused(STATEMENT, symbol="NOPE", type="cash-flow") == "Invalid symbol"
    refused(STATEMENT, type="cash-flow")
    refused(STATEMENT, symbol="E1VFVN30", type="cash-flow")  # an ETF
    refused(STATEMENT, symbol="VNM")
    refused(STATEMENT, symbol="VNM", type="cashflow")
    refused(STATEMENT, symbol="VNM", type="cash-flow", period="yearly")
    for limit in ("0", "6", "x"):
        refused(STATEMENT, symbol="VNM", type="cash-flow", limit=limit)
    assert len(data(STATEMENT, symbol="VNM", type="cash-flow", limit=2)) == 2
    refused("/market/company-financial/analysis", symbol="VNM", period="monthly")
    refused("/market/company-financial/analysis")
    assert refused("/market/company-financial/overview", symbol="XXX") == "Invalid symbol"


def _ratio(a: float, b: float) -> float:
    return a / b


def _growth(now: int, before: int) -> float | None:
    return None if before <= 0 else now / before - 1


@pytest.mark.parametrize("symbol", ["VNM", "VCB", "SSI"])
def test_ratios_recompute_from_statements(sandbox: Sandbox, data: Data, symbol: str) -> None:
    shares = sandbox.engine.instruments[symbol].shares
    for period, span in (("annual", 1), ("quarterly", 4)):
        rows = data("/market/company-financial/analysis", symbol=symbol, period=period)
        assert len(rows) == (8 if period == "annual" else 12)
        assert all(len(r) >= 60 for r in rows)
        assert all(("quarter" in r) == (period == "quarterly") for r in rows)
        got = statements(data, symbol, period)
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
        assert row["thanhtoan_nhanh"] == _ratio(
            b0["taisannganhan"] - b0["hangtonkho"], b0["nonganhan"]
        )
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


def test_overview_is_the_latest_annual_row(sandbox: Sandbox, data: Data) -> None:
    for symbol, industry in (("VCB", "Banking"), ("SSI", "Securities"), ("VNM", None)):
        view = data("/market/company-financial/overview", symbol=symbol)
        row = data("/market/company-financial/analysis", symbol=symbol)[0]
        for key in ("pe", "pb", "ev_ebitda", "gross_margin", "roe", "eps", "dividend_yield", "roa"):
            assert view[key] == row[key]
        assert (view["nim"] is not None) == (industry == "Banking")
        assert (view["margin_loan_to_equity_ratio"] is not None) == (industry == "Securities")
        assert 0 < view["gross_margin"] < 1 and 0 < view["dividend_yield"] < 0.2
    peers = [
        s
        for s, i in sandbox.engine.instruments.items()
        if i.industry == "Securities" and i.stock_type == "STOCK"
    ]
    pes = [data("/market/company-financial/overview", symbol=s)["pe"] for s in peers]
    present = [p for p in pes if p is not None]
    view = data("/market/company-financial/overview", symbol="SSI")
    assert view["industry"]["pe"] == pytest.approx(sum(present) / len(present), abs=1e-5)
