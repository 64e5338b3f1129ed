"""Every public argument of every endpoint, given the wrong thing: a ValidationError before any
request, never a TypeError, ValueError or a crash; and ``errors="skip"`` asks once for a symbol
the broker refuses and warns from the caller's line."""

from __future__ import annotations

import inspect
import itertools
import warnings
from typing import Any

import pandas as pd
import pytest

import vnfin
from vnfin._client import groups_of
from vnfin.account import AccountSnapshot
from vnfin.orders import Order, Preview
from vnfin.sandbox import Sandbox

OPEN, OTHER, OTP = "<an open order>", "<another open order>", "<the OTP code>"

#: One valid call per endpoint; each test below spoils one argument at a time.
VALID: dict[str, dict[str, Any]] = {
    "market.quote": {"symbol": "VNM"},
    "market.quotes": {"symbols": ["VNM", "FPT"]},
    "market.indices": {"codes": ["VNINDEX"]},
    "market.index_intraday": {"codes": "VN30"},
    "market.session": {"exchange": "HOSE"},
    "market.history": {
        "symbols": "VNM",
        "start": "2026-11-02",
        "end": "2026-11-06",
        "resolution": "1D",
        "progress": False,
        "errors": "raise",
    },
    "fundamentals.overview": {"symbol": "VNM", "labels": False},
    "fundamentals.ratios": {"symbol": "VNM", "period": "annual", "labels": False},
    "fundamentals.statement": {
        "symbol": "VNM",
        "kind": "income",
        "period": "annual",
        "limit": 2,
        "labels": False,
    },
    "news.events": {"symbols": "VNM", "start": "2026-01-01", "end": "2026-06-30"},
    "news.global_news": {"category": "forex", "pages": 1, "page_size": 5},
    "news.article": {"id": 1},
    "news.recommendations": {"symbol": "VNM"},
    "macro.indicator": {"type": "CPI", "country": "VN", "period": "ONE_YEAR"},
    "macro.economy": {"country": "VN", "category": "GDP", "year": 2024},
    "macro.calendar": {"weeks": 1, "country": "US"},
    "macro.global_market": {"type": "SP500", "limit": 5},
    "commodities.gold_chart": {"days": 10},
    "commodities.silver_chart": {"days": 10},
    "funds.list": {"fund_type": "STOCK", "company_id": 1},
    "funds.nav_history": {"fund": "VESAF", "period": "1Y"},
    "funds.nav_comparison": {"funds": ["VESAF"], "period": "1Y"},
    "funds.growth": {"funds": "VESAF", "amount": 10_000_000, "period": "1Y"},
    "funds.similar": {"fund": "VESAF"},
    "funds.sector_allocation": {"fund": "VESAF"},
    "funds.asset_allocation": {"fund": "VESAF"},
    "funds.holdings": {"fund": "VESAF"},
    "funds.top_aum": {"fund_type": "STOCK"},
    "funds.top_investors": {"fund_type": "STOCK"},
    "funds.top_fund_flow": {"fund_type": "STOCK"},
    "funds.operation": {"funds": "VESAF", "period": "1Y", "flows": False},
    "account.summary": {"sub_account": "order"},
    "account.portfolio": {"sub_account": "normal"},
    "account.pnl_today": {"sub_account": "margin"},
    "account.rights": {"start": "2026-01-01", "end": "2026-11-20", "sub_account": "normal"},
    "account.order_book": {"sub_account": "order"},
    "account.order": {"order_id": OPEN, "sub_account": "order"},
    "account.order_history": {
        "start": "2026-11-01",
        "end": "2026-11-20",
        "sub_account": "order",
        "status": "ALL",
        "symbol": "VNM",
    },
    "account.buying_power": {
        "symbol": "VNM",
        "side": "BUY",
        "price": 69_000,
        "sub_account": "order",
    },
    "account.snapshot": {"sub_account": "order"},
    "orders.verify_otp": {"code": OTP},
    "orders.preview": {
        "symbol": "VNM",
        "side": "BUY",
        "quantity": 100,
        "price": 68_000,
        "order_type": "LO",
        "sub_account": "order",
    },
    "orders.place": {
        "symbol": "VNM",
        "side": "BUY",
        "quantity": 100,
        "price": 68_000,
        "order_type": "LO",
        "sub_account": "order",
    },
    "orders.amend": {"order_id": OPEN, "quantity": 200, "price": 68_100, "sub_account": "order"},
    "orders.cancel": {"order_id": OTHER, "sub_account": "order"},
}

BAD: list[Any] = [
    None,
    7,
    -1,
    2.5,
    float("nan"),
    object(),
    b"VNM",
    {"a": 1},
    [],
    [None],
    "",
    "ßß",
    True,
    ["VNM", 5],
]


def endpoints() -> list[str]:
    out = []
    for group, cls in groups_of(vnfin.Finhay).items():
        for name, value in vars(cls).items():
            if not name.startswith("_") and callable(getattr(value, "fn", None)):
                params = list(inspect.signature(value.fn).parameters)[1:]
                if params:
                    out.append(f"{group}.{name}")
    return sorted(out)


def test_every_endpoint_with_arguments_has_a_valid_call() -> None:
    assert set(endpoints()) == set(VALID)


@pytest.fixture(scope="module")
def sandboxed() -> Any:
    sb = Sandbox(now="2026-11-20 10:30", rate_limit=(10**6, 60.0))
    fh = sb.finhay(rate_limit=(10**6, 60.0), max_retries=0)
    fh.orders.request_otp()
    fh.orders.verify_otp(sb.otp_code)
    yield sb, fh
    fh.close()


def filled_in(valid: dict[str, Any], sb: Sandbox, fh: Any) -> dict[str, Any]:
    """The valid call with real order ids and the OTP code in place of the placeholders."""
    out = dict(valid)
    for key, value in valid.items():
        if value in (OPEN, OTHER):
            out[key] = fh.orders.place("VNM", "BUY", 100, 67_900).order_id
        elif value == OTP:
            fh.orders.request_otp()
            out[key] = sb.otp_code
    return out


EXPECTED = (pd.DataFrame, Order, Preview, AccountSnapshot, pd.Timestamp)


def attempt(method: Any, kwargs: dict[str, Any]) -> Any:
    """The result of a call, or the vnfin error it raised (anything else propagates)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return method(**kwargs)
    except (vnfin.ValidationError, vnfin.APIError, vnfin.TwoFactorRequired) as error:
        return error


@pytest.mark.parametrize("endpoint", sorted(VALID))
def test_wrong_arguments_are_refused_before_any_request(sandboxed: Any, endpoint: str) -> None:
    sb, fh = sandboxed
    group, name = endpoint.split(".")
    method = getattr(getattr(fh, group), name)
    valid = filled_in(VALID[endpoint], sb, fh)
    assert not isinstance(method(**valid), Exception)
    # An order may be refused only before it is written; a read, before it is sent.
    count = (lambda: sb.order_writes) if group == "orders" else (lambda: sb.requests_seen)
    for argument in valid:
        for bad in [*BAD, itertools.count()]:
            before = count()
            outcome = attempt(method, {**valid, argument: bad})
            where = f"{endpoint}({argument}={bad!r})"
            if isinstance(outcome, vnfin.ValidationError):
                assert outcome.argument is not None, where
                assert count() == before, f"{where} sent a request"
            elif isinstance(outcome, vnfin.OrderRejected | vnfin.NotFound):
                assert argument in ("quantity", "price", "order_id", "order_type"), where
            elif isinstance(outcome, vnfin.APIError):  # the broker's refusal of a legal oddity
                assert outcome.status_code == 400, (where, outcome)
            else:
                assert isinstance(outcome, EXPECTED), (where, outcome)


def test_the_escape_hatch_refuses_wrong_types(sandboxed: Any) -> None:
    sb, fh = sandboxed
    before = sb.requests_seen
    for kwargs in (
        {"method": None, "path": "/users/v1/users/me"},
        {"method": "GET", "path": None},
        {"method": "GET", "path": "/x", "params": ["a"]},
        {"method": "GET", "path": "/x", "params": "a=1"},
        {"method": "GET", "path": "/x", "params": ((f"p{i}", i) for i in itertools.count())},
        {"method": "POST", "path": "/x", "json": object()},
        {"method": "POST", "path": "/x", "json": {"price": float("inf")}},
    ):
        with pytest.raises(vnfin.ValidationError):
            fh.request(**kwargs)
    assert sb.requests_seen == before


def test_history_refuses_dates_no_broker_has(sandboxed: Any) -> None:
    sb, fh = sandboxed
    before = sb.requests_seen
    for start, end in (("0001-01-01", None), ("2024-01-01", "2099-01-01"), ("2030-01-01", None)):
        with pytest.raises(vnfin.ValidationError):
            fh.market.history("VNM", start, end)
    assert sb.requests_seen == before


def test_skip_asks_once_for_a_refused_symbol_and_warns_from_here(sandboxed: Any) -> None:
    sb, fh = sandboxed
    before = sb.requests_seen
    with pytest.warns(UserWarning, match="skipped 2 symbol") as caught:
        frame = fh.market.history(
            ["VNM", "ZZZZ", "QQQQ"], "2021-01-01", "2025-12-31", errors="skip"
        )
    # 5 yearly windows for VNM, one refused request each for ZZZZ and QQQQ
    assert sb.requests_seen - before == 5 + 1 + 1
    assert list(frame.index.get_level_values("symbol").unique()) == ["VNM"]
    assert set(frame.attrs["failed"]) == {"ZZZZ", "QQQQ"}
    assert len(caught) == 1
    message = str(caught[0].message)
    assert message.count("ZZZZ") == 1 and message.count("QQQQ") == 1
    assert caught[0].filename == __file__


def test_skip_warns_from_the_callers_line_on_the_async_face_too(sandbox: Sandbox) -> None:
    import asyncio

    async def main() -> pd.DataFrame:
        async with sandbox.async_finhay() as afh:
            return await afh.market.history(
                ["VNM", "ZZZZ"], "2025-01-01", "2025-03-31", errors="skip"
            )

    with pytest.warns(UserWarning, match="ZZZZ") as caught:
        asyncio.run(main())
    assert caught[0].filename == __file__


# -- what comes back: every frame states its unit, in one time resolution and text dtype ----


def every_frame(value: Any) -> list[pd.DataFrame]:
    if isinstance(value, pd.DataFrame):
        return [value]
    if isinstance(value, AccountSnapshot):
        return [value.positions_frame(), value.orders_frame()]
    return []


def test_every_frame_states_its_unit_with_one_time_resolution_and_text_dtype(
    sandboxed: Any,
) -> None:
    sb, fh = sandboxed
    calls = {
        f"{group}.{name}": {}
        for group, cls in groups_of(vnfin.Finhay).items()
        for name, value in vars(cls).items()
        if not name.startswith("_") and callable(getattr(value, "fn", None))
    }
    calls.update({k: v for k, v in VALID.items() if not k.startswith("orders.")})
    checked = 0
    for endpoint, valid in sorted(calls.items()):
        group, name = endpoint.split(".")
        if group == "orders":
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = getattr(getattr(fh, group), name)(**filled_in(valid, sb, fh))
        for frame in every_frame(result):
            checked += 1
            unit = frame.attrs.get("unit")
            assert isinstance(unit, str) and unit.strip(), (endpoint, unit)
            if unit == vnfin.frames.PER_ROW:
                assert "unit" in frame.columns, endpoint
            index = frame.index
            levels = index.levels if isinstance(index, pd.MultiIndex) else [index]
            for label, values in [*frame.items(), *((lvl.name, lvl) for lvl in levels)]:
                kind = values.dtype
                if pd.api.types.is_datetime64_any_dtype(kind):
                    assert str(kind) == vnfin.frames.TIME, (endpoint, label, kind)
                present = [
                    v for v in values if v is not None and not (isinstance(v, float) and v != v)
                ]
                texts = bool(present) and all(isinstance(v, str) for v in present)
                if texts and vnfin.frames.TEXT is not None:
                    assert str(kind) == vnfin.frames.TEXT, (endpoint, label, kind)
    assert checked >= 50, checked  # 53 today: every endpoint, the snapshot's two frames
