"""The broker-neutral datasets (vnfin.sandbox.world.datasets) without HTTP: the sandbox's own
statement line items against the reference and the client's glossary, and invariants of the
generators the Finhay views build on."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from vnfin.finhay.glossary import BALANCE_SHEET, CASH_FLOW, INCOME_STATEMENT
from vnfin.sandbox.world.datasets import commodities, holdings, line_items, news
from vnfin.sandbox.world.datasets.funds import FUNDS
from vnfin.sandbox.world.engine import shared_engine

# The cash-flow example of reference §2.3 (``?symbol=VNM&type=cash-flow&period=quarterly``).
REFERENCE_EXAMPLE = json.loads(
    '{"year":2025,"quarter":4,"loinhuanlotruocthue":3476999882086,'
    '"khauhaotaisancodinh":541738993017,"chiphilaivay":89980184766,'
    '"loinhuanlotuhoatdongkinhdoanhtruocthaydoivonluudong":3875782613126,'
    '"tanggiamhangtonkho":-696279778126,"thuethunhapdoanhnghiepdanop":-367025679910,'
    '"luuchuyentienthuantuhoatdongkinhdoanh":1738942804862,'
    '"tienchidemuasamxaydungtaisancodinh":-345651260618,'
    '"luuchuyentienthuantuhoatdongdautu":-273822901641,'
    '"tienvaynganhandaihannhanduoc":6403017072055,"tienchitranogocvay":-5218255024631,'
    '"cotucloinhuandatrachochusohuu":-6007520145910,'
    '"luuchuyentienthuantusudungvaohoatdongtaichinh":-4822758098486,'
    '"luuchuyentienthuantrongnam":-3357638195265,"tienvatuongduongtiendaunam":5154466367051,'
    '"anhhuongcuathaydoitygiahoidoaiquydoingoaite":-1948452915,'
    '"tienvatuongduongtiencuoinam":1794879718871}'
)


def test_the_reference_cash_flow_example_is_a_subsequence_of_the_line_items() -> None:
    example = [k for k in REFERENCE_EXAMPLE if k not in ("year", "quarter")]
    items = iter(line_items.CASH_FLOW)
    assert all(code in items for code in example)  # each found after the previous one


@pytest.mark.parametrize(
    ("kind", "glossary"),
    [
        ("income-statement", INCOME_STATEMENT),
        ("balance-sheet", BALANCE_SHEET),
        ("cash-flow", CASH_FLOW),
    ],
)
def test_every_code_the_client_labels_is_served(kind: str, glossary: dict[str, str]) -> None:
    codes = line_items.STATEMENTS[kind]
    assert len(set(codes)) == len(codes)
    assert set(glossary) <= set(codes), set(glossary) - set(codes)


def test_fund_holdings_add_up_to_the_whole() -> None:
    engine = shared_engine(0)
    for fund in FUNDS:
        lines = holdings.holdings(engine, fund.name)
        assert sum(x.bp for x in lines) == 10_000
        assert lines[-1].asset_type == "CASH" and all(x.bp > 0 for x in lines[:-1])
        assert all(x.symbol in engine.instruments for x in lines if x.asset_type == "STOCK")
    assert holdings.split_exactly(100, np.array([1.0, 1.0, 1.0])) == [34, 33, 33]


def test_news_pool_and_coins() -> None:
    pool = news.news_pool(0)
    assert [a.id for a in pool] == list(range(120, 0, -1))
    assert [a.age for a in pool] == sorted(a.age for a in pool)  # newest first
    day = dt.date(2026, 11, 20)
    assert sorted(c.symbol for c in commodities.trending(0, day)) == sorted(
        c.symbol for c in commodities.COINS
    )
    assert commodities.coin_price(0, "BTC", day) > 1_000


def test_reports_are_newest_first_and_on_the_grid() -> None:
    engine = shared_engine(0)
    now = dt.datetime(2026, 11, 20, 10, 30)
    covered = [s for s in sorted(engine.instruments) if news.reports(engine, s, now)]
    assert covered
    for symbol in covered[:10]:
        found = news.reports(engine, symbol, now)
        assert 1 <= len(found) <= 5
        assert [r.published for r in found] == sorted((r.published for r in found), reverse=True)
        assert all(r.published <= now and r.target == engine.round(symbol, r.target) for r in found)
