"""Finhay's routes are pure: the exact request every endpoint would send, with no I/O."""

from __future__ import annotations

from typing import Any

import pytest

from vnfin.errors import ValidationError
from vnfin.finhay import routes


def test_query_built_once_in_order_with_percent_20() -> None:
    params = [("b", "x y"), ("a", "VNM,FPT"), ("c", None), ("d", True), ("t", "09:15")]
    assert routes.target("/p", params) == "/p?b=x%20y&a=VNM,FPT&d=true&t=09:15"
    assert routes.target("/p", [("c", None)]) == "/p"
    assert routes.target("/p", [("q", "a&b=c")]) == "/p?q=a%26b%3Dc"


@pytest.mark.parametrize(
    ("call", "method", "target"),
    [
        (lambda: routes.quote_one(" vnm "), "GET", "/market/stock-realtime?symbol=VNM"),
        (
            lambda: routes.quotes(["vnm", "FPT", "VNM"]),
            "GET",
            "/market/stock-realtime?symbols=VNM,FPT",
        ),
        (lambda: routes.quotes(exchange="hnx"), "GET", "/market/stock-realtime?exchange=HNX"),
        (
            lambda: routes.indices(["vni", "HNX", "VN30"]),
            "GET",
            "/market/index-realtime?index=VNINDEX,HNXINDEX,VN30",
        ),
        (
            lambda: routes.history_window("VNM", "1D", 1704042000, 1735664399),
            "GET",
            "/market/price-histories-chart?symbol=VNM&resolution=1D&from=1704042000&to=1735664399",
        ),
        (
            lambda: routes.statement("vnm", "cashflow", "Q", 4),
            "GET",
            "/market/v2/financial-statement/statement?symbol=VNM&type=cash-flow"
            "&period=quarterly&limit=4",
        ),
        (
            lambda: routes.events(["VNM", "FPT"], "2024-01-05", "31/03/2024"),
            "GET",
            "/market/news?stocks=VNM,FPT&from_date=05%2F01%2F2024&to_date=31%2F03%2F2024",
        ),
        (
            lambda: routes.events("VNM", end="2024-03-31"),
            "GET",
            "/market/news?stock=VNM&from_date=31%2F03%2F2023&to_date=31%2F03%2F2024",
        ),
        (
            lambda: routes.global_news_page("forex", 2, 20),
            "GET",
            "/market/financial-data/global-news?category=forex&page=2&page_size=20",
        ),
        (
            lambda: routes.economy("uk", "GDP", 2024),
            "GET",
            "/market/financial-data/trading-economics?country=United%20Kingdom&category=GDP"
            "&year=2024",
        ),
        (
            lambda: routes.nav_history("vcbf-bcf", "ytd"),
            "GET",
            "/fund-trading/public/fund-certificates/VCBF-BCF/nav-histories?period=BEGIN_THE_YEAR",
        ),
        (
            lambda: routes.nav_comparison(["VESAF", "DCDS"], None, "2024-01", "2024-06-30"),
            "GET",
            "/fund-trading/public/fund-certificates/benchmark/nav?fund-names=VESAF,DCDS"
            "&from-month=2024-01&to-month=2024-06",
        ),
        (
            lambda: routes.request("delete", "/trading/oa/x", {"a": 1}, {"b": [1, None]}),
            "DELETE",
            "/trading/oa/x?a=1",
        ),
    ],
)
def test_exact_requests(call: Any, method: str, target: str) -> None:
    built = call()
    assert (built.method, built.target) == (method, target)


def test_bodies_are_compact_json_serialised_once() -> None:
    call = routes.request("POST", "/trading/oa/x", None, {"b": 1, "a": "Sữa", "c": None})
    assert call.body == '{"b":1,"a":"Sữa","c":null}'.encode()
    assert routes.request("GET", "/x").body is None


def test_checked_inputs_travel_with_the_call_but_not_on_the_wire() -> None:
    call = routes.statement("vnm", "income", "annual", 5)
    assert call.inputs == {"symbol": "VNM", "kind": "income-statement", "period": "annual"}
    assert "kind=" not in call.target


def test_session_is_one_call_per_exchange() -> None:
    targets = [c.target for c in routes.sessions(["hose", "HCX"])]
    assert targets == [
        "/trading/market/session?exchange=HOSE",
        "/trading/market/session?exchange=HCX",
    ]


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: routes.quotes(), "symbols"),
        (lambda: routes.quotes(["VNM"], "HOSE"), "symbols"),
        (lambda: routes.indices([]), "codes"),
        (lambda: routes.statement("VNM", "income", "annual", 6), "limit"),
        (lambda: routes.statement("VNM", "income", "annual", True), "limit"),
        (lambda: routes.events(None, "2024-02-01", "2024-01-01"), "start"),
        (lambda: routes.indicator("TOTAL_EXPORT", "VN", None), "type"),
        (lambda: routes.indicator("CPI", "JP", None), "country"),
        (lambda: routes.economy("VN", None, 1999), "year"),
        (lambda: routes.fund_detail("../x", "portfolio"), "fund"),
        (lambda: routes.fund_detail("VESAF#", "portfolio"), "fund"),
        (lambda: routes.nav_comparison("VESAF", "1Y", "2024-01", None), "period"),
        (lambda: routes.growth("VESAF", 0, "1Y"), "amount"),
        (lambda: routes.request("PATCH", "/x"), "method"),
        (lambda: routes.request("GET", "x"), "path"),
        (lambda: routes.request("GET", "/x?a=1"), "path"),
        (lambda: routes.request("GET", "/x", ["a"]), "params"),
        (lambda: routes.request("GET", "/x", [("a", object())]), "params"),
        (lambda: routes.request("POST", "/x", None, {"a": float("nan")}), "json"),
        (lambda: routes.request("POST", "/x", None, object()), "json"),
    ],
)
def test_bad_input_is_refused_before_a_call_exists(call: Any, argument: str) -> None:
    with pytest.raises(ValidationError) as info:
        call()
    assert info.value.argument == argument
