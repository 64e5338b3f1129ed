"""Property tests: every public-dataset parser, fed arbitrary JSON (and JSON that looks like
the real thing with arbitrary values), returns a DataFrame or raises APIError /
ValidationError, never KeyError, TypeError, ValueError, OverflowError, …"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vnfin._parse import flatten
from vnfin.errors import APIError, ValidationError
from vnfin.finhay.parsers import commodities, fundamentals, funds, macro, news

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "2024-01-31",
            "31/01/2024",
            "2024-13",
            "2024-04-10T09:00:00Z",
            "2026-04-22 23:09:12",
            "Đơn vị: 1.000đ/chỉ",
            "",
            "9999-99-99",
        ]
    )
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)

KEYS = [
    "year",
    "quarter",
    "metricCode",
    "metricValue",
    "symbol",
    "industry",
    "stock",
    "actionDate",
    "gdkhqDate",
    "createdAt",
    "results",
    "total",
    "next_page",
    "recommendation",
    "recommendationReports",
    "target_price",
    "publish_date",
    "month",
    "date",
    "value",
    "type",
    "country",
    "indicator",
    "lastValue",
    "impact",
    "actual",
    "index",
    "buy_value",
    "sell_value",
    "values",
    "financial_type",
    "description",
    "value_type",
    "last_updated",
    "price",
    "fund_name",
    "nav_records",
    "navpf",
    "nav_histories",
    "benchmark_name",
    "nav",
    "bond",
    "stock",
    "sector_name",
    "percent",
    "fund_flows",
    "number_of_funds",
    "aum",
]
lookalike_rows = st.dictionaries(st.sampled_from(KEYS), json_values, max_size=8)
payloads = json_values | lookalike_rows | st.lists(lookalike_rows, max_size=4)

PARSERS: dict[str, Callable[[Any], Any]] = {
    "overview": fundamentals.overview,
    "ratios": fundamentals.ratios,
    "statement": lambda p: fundamentals.statement(p, "cash-flow"),
    "events": news.events,
    "news_page": lambda p: news.news_page(p)[0],
    "article": news.article,
    "recommendations": lambda p: news.recommendations(p)[0],
    "indicator": macro.indicator,
    "economy": macro.economy,
    "calendar": macro.calendar,
    "global_market": macro.global_market,
    "metals": commodities.metals,
    "chart": commodities.chart,
    "crypto": commodities.crypto,
    "financial_data": commodities.financial_data,
    "flatten": flatten,
    "funds": funds.funds,
    "companies": funds.companies,
    "growth": funds.growth,
    "nav_comparison": funds.nav_comparison,
    "nav_history": lambda p: funds.nav_history(p)[0],
    "suggestions": funds.suggestions,
    "sector_allocation": funds.sector_allocation,
    "asset_allocation": funds.asset_allocation,
    "holdings": funds.holdings,
    "ranking": lambda p: funds.ranking(p, "top-aum"),
    "top_holdings": funds.top_holdings,
    "operation": lambda p: funds.operation(p)[0],
}


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(
    max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(payload=payloads)
def test_parser_returns_a_frame_or_an_api_error(name: str, payload: Any) -> None:
    try:
        out = PARSERS[name](payload)
    except (APIError, ValidationError):
        return
    assert isinstance(out, pd.DataFrame)
