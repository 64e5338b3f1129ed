"""The Finhay dialect's public datasets (reference §2.3–§2.8): every endpoint answers in its
documented shape under its envelope key, record fields, unknown paths, and determinism."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from vnfin.sandbox import Sandbox

FD = "/market/financial-data"
FUND = "/fund-trading/public/fund-certificates"
STATEMENT = "/market/v2/financial-statement/statement"
Data = Callable[..., Any]  # the `data` fixture: the payload of a successful GET


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
    (
        f"{FUND}/benchmark/growth",
        {"fund-names": "VESAF", "amount": 1, "period": "ONE_YEAR"},
        "data",
        list,
    ),
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
]


@pytest.mark.parametrize(("path", "params", "key", "kind"), ENDPOINTS)
def test_endpoint_answers_under_its_key(
    data: Data, path: str, params: dict[str, Any], key: str, kind: type
) -> None:
    payload = data(path, key, **params)
    assert isinstance(payload, kind) and payload


def test_unknown_paths_fall_through(client: httpx.Client) -> None:
    for path in (f"{FD}/nothing", f"{FUND}/VESAF", f"{FUND}/VESAF/unknown"):
        r = client.get(path)
        assert r.status_code == 404 and r.json()["message"].startswith("No route")
    assert client.get("/market/stock-realtime", params={"symbol": "VNM"}).status_code == 200


def test_documented_record_fields(data: Data) -> None:
    overview = data("/market/company-financial/overview", symbol="VNM")
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
    page = data(f"{FD}/global-news")
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
        assert all(set(x) == metal for x in data(f"{FD}/{path}"))
    coin = data(f"{FD}/cryptos/top-trending")[0]
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
    macro = data(f"{FD}/macro", type="CPI", country="VN")[0]
    assert set(macro) == {"type", "country", "month", "value", "date"}
    te = data(f"{FD}/trading-economics", country="Vietnam")[0]
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
    event = data(f"{FD}/economic-calendar-events")[0]
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
    row = data(f"{FD}/market", type="NIKKEI")[0]
    assert set(row) == {"type", "country", "date", "year", "month", "value"}
    assert row["country"] == "JP"
    silver = data(f"{FD}/silver-chart")[0]
    assert set(silver) == {"date", "silver_bar", "silver_global"}
    assert set(data(f"{FD}/gold-chart")[0]) == {"date", "gold_bar", "gold_global"}


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
