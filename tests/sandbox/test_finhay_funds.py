"""Open-ended funds (reference §2.8): catalogue, NAV, growth, holdings, rankings, operation."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from vnfin.sandbox import Sandbox

TODAY = dt.date(2026, 11, 20)  # conftest pins the market at 2026-11-20 10:30
FUND = "/fund-trading/public/fund-certificates"
Data = Callable[..., Any]  # the `data` fixture: the payload of a successful GET
Refused = Callable[..., str]  # the `refused` fixture: the message of a 400


def test_fund_catalogue(data: Data, refused: Refused) -> None:
    companies = data("/fund-trading/public/fund-companies")
    assert all(set(c) == {"id", "name", "short_name", "image_url"} for c in companies)
    ids = {c["short_name"]: c["id"] for c in companies}
    seen = []
    for kind in ("STOCK_FUND", "BOND_FUND", "BALANCE_FUND"):
        funds = data(FUND, **{"fund-type": kind})
        assert funds and all(set(f) == {"id", "name", "type", "aum", "rating"} for f in funds)
        assert all(f["type"] == kind and f["aum"] > 0 and f["id"] != 36 for f in funds)
        seen += [f["name"] for f in funds]
    assert {"VESAF", "DCDS", "DCBF", "VCBF-TBF", "SSISCA", "TCBF"} <= set(seen)
    growth = [
        data(
            f"{FUND}/benchmark/growth",
            **{"fund-names": f["name"], "amount": 100, "period": "ONE_YEAR"},
        )[0]["profit_percent"]
        for f in data(FUND, **{"fund-type": "STOCK_FUND"})
    ]
    assert growth == sorted(growth, reverse=True)
    dragon = data(FUND, **{"fund-type": "STOCK_FUND", "fund-company-id": ids["DCVFM"]})
    assert {f["name"] for f in dragon} == {"DCDS", "DCDE"}
    top = {r["fund_name"]: r["aum"] for r in data(f"{FUND}/top-aum", **{"fund-type": "STOCK_FUND"})}
    assert all(top[f["name"]] == f["aum"] for f in data(FUND, **{"fund-type": "STOCK_FUND"}))
    refused(FUND)
    refused(FUND, **{"fund-type": "ETF"})
    refused(FUND, **{"fund-type": "STOCK_FUND", "fund-company-id": "x"})


@pytest.mark.parametrize("period", ["ONE_MONTH", "BEGIN_THE_YEAR", "THREE_YEARS", "ALL_TIME"])
def test_fund_growth_follows_the_nav(data: Data, period: str) -> None:
    names = "VESAF,DCBF,VCBF-TBF"
    growth = data(
        f"{FUND}/benchmark/growth", **{"fund-names": names, "amount": 10_000_000, "period": period}
    )
    navs = data(f"{FUND}/benchmark/nav", **{"fund-names": names, "period": period})
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
        history = data(f"{FUND}/{g['fund_name']}/nav-histories", period=period)
        assert [h["nav"] for h in history["nav_histories"]] == [r["navpf"] for r in records]
    if period == "BEGIN_THE_YEAR":
        assert all(n["nav_records"][0]["date"] < "2026-01-01" for n in navs)
        assert all(n["nav_records"][1]["date"] >= "2026-01-01" for n in navs)


def test_nav_histories(data: Data, refused: Refused) -> None:
    full = data(f"{FUND}/VESAF/nav-histories")  # default ALL_TIME
    rows = full["nav_histories"]
    assert full["benchmark_name"] == "VN-INDEX" and rows[0]["nav"] == 10_000
    assert rows[0]["date"] == "2017-04-18" and len(rows) > 2000
    assert all(set(r) == {"date", "nav", "benchmark_value"} for r in rows)
    bond = data(f"{FUND}/DCBF/nav-histories", period="ONE_YEAR")
    assert bond["benchmark_name"] != "VN-INDEX"
    navs = [r["nav"] for r in bond["nav_histories"]]
    assert navs[-1] > navs[0]
    months = data(
        f"{FUND}/benchmark/nav",
        **{"fund-names": "VESAF", "from-month": "2025-01", "to-month": "2025-03"},
    )
    dates = [r["date"] for r in months[0]["nav_records"]]
    assert dates[0] >= "2025-01-01" and dates[-1] <= "2025-03-31" and len(dates) > 50
    for params in (
        {"fund-names": "VESAF"},
        {"fund-names": "VESAF", "from-month": "2025-01"},
        {"fund-names": "VESAF", "from-month": "2025-13", "to-month": "2025-12"},
        {"fund-names": "VESAF", "from-month": "2025-06", "to-month": "2025-01"},
        {"fund-names": "VESAF", "period": "TWO_YEARS"},
        {"period": "ONE_YEAR"},
        {"fund-names": "VESAF,NOPE", "period": "ONE_YEAR"},
    ):
        refused(f"{FUND}/benchmark/nav", **params)
    refused(f"{FUND}/VESAF/nav-histories", period="WEEK")
    for params in (
        {"fund-names": "VESAF", "amount": 100},
        {"fund-names": "VESAF", "period": "ONE_YEAR"},
        {"fund-names": "VESAF", "amount": 0, "period": "ONE_YEAR"},
        {"fund-names": "VESAF", "amount": 100, "from-month": "2025-01", "to-month": "2025-02"},
    ):
        refused(f"{FUND}/benchmark/growth", **params)


def test_fund_holdings(sandbox: Sandbox, data: Data) -> None:
    for name in ("VESAF", "DCBF", "VCBF-TBF"):
        lines = data(f"{FUND}/{name}/portfolio")
        assert sum(x["percent"] for x in lines) == pytest.approx(100)
        stocks = [x for x in lines if x["asset_type"] == "STOCK"]
        assert all(x["symbol"] in sandbox.engine.instruments for x in stocks)
        sectors = data(f"{FUND}/{name}/sector-allocation")
        assert sum(s["percent"] for s in sectors) == pytest.approx(100)
        assert all(set(s) == {"sector_name", "percent"} for s in sectors)
        split = data(f"{FUND}/{name}/asset-allocation")
        assert set(split) == {"bond", "stock", "others"} and sum(split.values()) == 100
        assert all(isinstance(v, int) for v in split.values())
        assert split["stock"] == round(sum(x["percent"] for x in stocks))
    assert data(f"{FUND}/VCBF-MGF/asset-allocation") is None
    counts: Counter[str] = Counter()
    for name in (
        "DCDS",
        "DCBF",
        "DCDE",
        "VESAF",
        "VEOF",
        "VFF",
        "VIBF",
        "VCBF-BCF",
        "VCBF-TBF",
        "VCBF-FIF",
        "VCBF-MGF",
        "SSISCA",
        "SSIBF",
        "MAFEQI",
        "MAFBAL",
        "BVPF",
        "BVBF",
        "TCBF",
        "TCEF",
        "MBVF",
        "MBBOND",
        "ENF",
    ):
        counts.update(
            x["symbol"] for x in data(f"{FUND}/{name}/portfolio") if x["asset_type"] == "STOCK"
        )
    top = data(f"{FUND}/top-holding-symbols")
    assert {t["symbol"]: t["number_of_funds"] for t in top} == dict(counts)
    assert [t["number_of_funds"] for t in top] == sorted(counts.values(), reverse=True)
    suggestions = data(f"{FUND}/VESAF/suggestions")
    assert {s["criteria"] for s in suggestions} == {"NET_ASSET_EQUIVALENT", "GROWTH_EQUIVALENT"}
    stock_funds = {f["name"] for f in data(FUND, **{"fund-type": "STOCK_FUND"})}
    assert {s["fund_name"] for s in suggestions} <= stock_funds - {"VESAF"}


def test_fund_rankings_and_operation(data: Data, refused: Refused) -> None:
    flows = data(f"{FUND}/top-fund-flow", **{"fund-type": "BOND_FUND"})
    assert all(r["fund_flow"] == r["fund_inflow"] - r["fund_outflow"] for r in flows)
    assert [r["fund_flow"] for r in flows] == sorted((r["fund_flow"] for r in flows), reverse=True)
    assert {r["month"] for r in flows} == {"2026-10"}
    people = data(f"{FUND}/top-investor", **{"fund-type": "STOCK_FUND"})
    assert [r["investors"] for r in people] == sorted(
        (r["investors"] for r in people), reverse=True
    )
    refused(f"{FUND}/top-aum")
    ops = data(
        f"{FUND}/benchmark/operation", **{"fund-names": "VESAF,TCBF", "period": "SIX_MONTHS"}
    )
    top = {r["fund_name"]: r for r in data(f"{FUND}/top-aum", **{"fund-type": "BOND_FUND"})}
    for op in ops:
        assert op["total_fund_flow"] == sum(f["fund_flow"] for f in op["fund_flows"])
        assert [f["month"] for f in op["fund_flows"]] == [
            "2026-05",
            "2026-06",
            "2026-07",
            "2026-08",
            "2026-09",
            "2026-10",
        ]
        assert all(f["fund_flow"] == f["fund_inflow"] - f["fund_outflow"] for f in op["fund_flows"])
        assert op["changed_aum_percent"] == round(
            op["changed_aum"] / (op["aum"] - op["changed_aum"]) * 100, 2
        )
    assert ops[1]["aum"] == top["TCBF"]["aum"]
    refused(f"{FUND}/benchmark/operation", **{"fund-names": "VESAF"})


def test_unknown_fund(data: Data, refused: Refused, client: httpx.Client) -> None:
    for what in (
        "nav-histories",
        "suggestions",
        "sector-allocation",
        "asset-allocation",
        "portfolio",
    ):
        r = client.get(f"{FUND}/NOPE/{what}")
        assert r.status_code == 404 and r.json()["message"] == "Fund not found"
    assert "NOPE" in refused(
        f"{FUND}/benchmark/growth",
        **{"fund-names": "NOPE", "amount": 1, "period": "ONE_YEAR"},
    )
    assert data(f"{FUND}/vesaf/portfolio")  # names are matched case-insensitively
