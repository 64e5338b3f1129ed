"""Pure parsers for FastConnect Data (reference §2.2): decoded envelope → DataFrame.

Both dialects are read (see :mod:`.common`); field names are matched case-insensitively and
numbers sent as strings are converted. Prices are VND for stocks, index points for indices
and derivatives, as SSI sends them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..._parse import Fields, ascending
from ...frames import BAR_COLUMNS, empty_bars, numbers
from .common import field, fold, frame, moments, rows

SECURITY_FIELDS: Fields = {
    "market": ("exchange", "str"),
    "stockname": ("name", "str"),
    "stockenname": ("name_en", "str"),
}

DETAIL_FIELDS: Fields = {
    "isin": ("isin", "str"),
    "symbolname": ("name", "str"),
    "symbolengname": ("name_en", "str"),
    "sectype": ("sec_type", "str"),
    "marketid": ("exchange", "str"),
    "exchange": ("exchange_code", "str"),
    "issuer": ("issuer", "str"),
    "lotsize": ("lot_size", "int"),
    "issuedate": ("issue_date", "str"),
    "maturitydate": ("maturity_date", "str"),
    "firsttradingdate": ("first_trading_date", "str"),
    "lasttradingdate": ("last_trading_date", "str"),
    "contractmultiplier": ("contract_multiplier", "float"),
    "settlmethod": ("settlement_method", "str"),
    "underlying": ("underlying", "str"),
    "putorcall": ("put_or_call", "str"),
    "exerciseprice": ("exercise_price", "float"),
    "exercisestyle": ("exercise_style", "str"),
    "excerciseratio": ("exercise_ratio", "str"),
    "listedshare": ("listed_shares", "int"),
    **{f"tickprice{i}": (f"tick_price_{i}", "float") for i in range(1, 5)},
    **{f"tickincrement{i}": (f"tick_increment_{i}", "float") for i in range(1, 5)},
}

INDEX_FIELDS: Fields = {
    "indexname": ("name", "str"),
    "exchange": ("exchange", "str"),
}

DAILY_INDEX_FIELDS: Fields = {
    "indexvalue": ("index_value", "float"),
    "change": ("change", "float"),
    "ratiochange": ("change_percent", "float"),
    "totaltrade": ("total_trades", "int"),
    "totalmatchvol": ("total_match_volume", "int"),
    "totalmatchval": ("total_match_value", "float"),
    "totaldealvol": ("total_deal_volume", "int"),
    "totaldealval": ("total_deal_value", "float"),
    "totalvol": ("total_volume", "int"),
    "totalval": ("total_value", "float"),
    "advances": ("advances", "int"),
    "nochanges": ("unchanged", "int"),
    "declines": ("declines", "int"),
    "ceilings": ("ceilings", "int"),
    "floors": ("floors", "int"),
    "indexname": ("name", "str"),
    "typeindex": ("index_type", "str"),
    "tradingsession": ("session", "str"),
    "exchange": ("exchange", "str"),
}

STOCK_PRICE_FIELDS: Fields = {
    "refprice": ("reference", "float"),
    "ceilingprice": ("ceiling", "float"),
    "floorprice": ("floor", "float"),
    "openprice": ("open", "float"),
    "highestprice": ("high", "float"),
    "lowestprice": ("low", "float"),
    "closeprice": ("close", "float"),
    "averageprice": ("average", "float"),
    "closepriceadjusted": ("close_adjusted", "float"),
    "pricechange": ("change", "float"),
    "perpricechange": ("change_percent", "float"),
    "totalmatchvol": ("match_volume", "int"),
    "totalmatchval": ("match_value", "float"),
    "totaldealvol": ("deal_volume", "int"),
    "totaldealval": ("deal_value", "float"),
    "totaltradedvol": ("total_volume", "int"),
    "totaltradedvalue": ("total_value", "float"),
    "foreignbuyvoltotal": ("foreign_buy_volume", "int"),
    "foreignsellvoltotal": ("foreign_sell_volume", "int"),
    "foreignbuyvaltotal": ("foreign_buy_value", "float"),
    "foreignsellvaltotal": ("foreign_sell_value", "float"),
    "foreigncurrentroom": ("foreign_current_room", "int"),
    "netbuysellvol": ("net_buy_sell_volume", "int"),
    "netbuysellval": ("net_buy_sell_value", "float"),
    "totalbuytrade": ("buy_trades", "int"),
    "totalbuytradevol": ("buy_trade_volume", "int"),
    "totalselltrade": ("sell_trades", "int"),
    "totalselltradevol": ("sell_trade_volume", "int"),
}
_BY_TIME = ("symbol", "tradingdate", "time", "market", "indexid", "indexcode")


def _indexed(table: pd.DataFrame, keys: list[str], name: str) -> pd.DataFrame:
    table.index = pd.Index([k.upper() for k in keys], name=name, dtype=object)
    return table


def securities(body: Any) -> pd.DataFrame:
    """``Market/Securities`` → one row per symbol (index ``symbol``): ``exchange name
    name_en``."""
    raw = rows(body, "Securities")
    table = frame(raw, SECURITY_FIELDS, skip=("symbol",))
    return _indexed(table, [str(field(r, "symbol") or "") for r in raw], "symbol")


def security_details(body: Any) -> pd.DataFrame:
    """``Market/SecuritiesDetails`` → one row per symbol (index ``symbol``): ``isin name
    name_en sec_type exchange exchange_code issuer lot_size … listed_shares tick_price_1..4
    tick_increment_1..4`` (the tick table: from ``tick_price_i`` on, the tick is
    ``tick_increment_i``)."""
    details: list[Mapping[str, Any]] = []
    for record in rows(body, "SecuritiesDetails"):
        nested = field(record, "RepeatedInfo")
        if isinstance(nested, list):
            details.extend(r for r in nested if isinstance(r, Mapping))
        elif field(record, "symbol") is not None:
            details.append(record)
    table = frame(details, DETAIL_FIELDS, skip=("symbol",))
    return _indexed(table, [str(field(r, "symbol") or "") for r in details], "symbol")


def index_components(body: Any) -> pd.DataFrame:
    """``Market/IndexComponents`` → one row per constituent: ``index symbol isin index_name
    exchange``."""
    out: list[dict[str, Any]] = []
    for record in rows(body, "IndexComponents"):
        members = field(record, "IndexComponent", "IndexComponents")
        for member in members if isinstance(members, list) else []:
            out.append(
                {
                    "index": field(record, "IndexCode"),
                    "symbol": field(member, "StockSymbol", "Symbol"),
                    "isin": field(member, "Isin"),
                    "index_name": field(record, "IndexName"),
                    "exchange": field(record, "Exchange"),
                }
            )
    columns = ("index", "symbol", "isin", "index_name", "exchange")
    return pd.DataFrame(
        {c: pd.Series([r[c] for r in out], dtype=object) for c in columns},
        index=pd.RangeIndex(len(out)),
    )


def index_list(body: Any) -> pd.DataFrame:
    """``Market/IndexList`` → one row per index (index ``index``): ``name exchange``."""
    raw = rows(body, "IndexList")
    table = frame(raw, INDEX_FIELDS, skip=("indexcode",))
    return _indexed(table, [str(field(r, "IndexCode") or "") for r in raw], "index")


def bars(body: Any, *, intraday: bool = False) -> pd.DataFrame:
    """``Market/DailyOhlc`` or ``Market/IntradayOhlc`` → ``open high low close volume``
    (float64, int64) on an ascending Vietnam-time index: daily bars at local midnight of
    ``TradingDate``, intraday bars at ``TradingDate`` + ``Time``."""
    records = [fold(r) for r in rows(body, "IntradayOhlc" if intraday else "DailyOhlc")]
    if not records:
        return empty_bars()
    dates = [r.get("tradingdate") for r in records]
    clocks = [r.get("time") for r in records] if intraday else None
    columns = {
        name: numbers([r.get(name) for r in records], "int64" if name == "volume" else "float64")
        for name in BAR_COLUMNS
    }
    table = pd.DataFrame(columns, index=moments(dates, clocks), copy=False)
    return ascending(table[table.index.notna()])


def _daily(body: Any, endpoint: str, fields: Fields) -> pd.DataFrame:
    raw = rows(body, endpoint)
    table = frame(raw, fields, skip=_BY_TIME)
    table.index = moments([field(r, "TradingDate") for r in raw])
    return ascending(table[table.index.notna()])


def daily_index(body: Any) -> pd.DataFrame:
    """``Market/DailyIndex`` → one row per trading day on a Vietnam-midnight ``time`` index:
    ``index_value change change_percent total_trades total_match_volume total_match_value
    total_deal_volume total_deal_value total_volume total_value advances unchanged declines
    ceilings floors name index_type session exchange`` (points; values VND, volumes
    shares)."""
    return _daily(body, "DailyIndex", DAILY_INDEX_FIELDS)


def daily_stock_price(body: Any) -> pd.DataFrame:
    """``Market/DailyStockPrice`` → one row per trading day on a Vietnam-midnight ``time``
    index: ``reference ceiling floor open high low close average close_adjusted change
    change_percent match_volume match_value deal_volume deal_value total_volume total_value
    foreign_buy_volume foreign_sell_volume foreign_buy_value foreign_sell_value
    foreign_current_room net_buy_sell_volume net_buy_sell_value buy_trades buy_trade_volume
    sell_trades sell_trade_volume``."""
    return _daily(body, "DailyStockPrice", STOCK_PRICE_FIELDS)
