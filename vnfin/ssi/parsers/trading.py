"""Pure parsers for FastConnect Trading answers (reference §1.8, §1.10): decoded envelope →
DataFrame, or → the broker-neutral :class:`~vnfin.orders.Order`. No I/O.

Field names are matched case-insensitively (SSI's own documents mix ``isForcesell`` and
``isForceSell``). SSI's statuses map onto :class:`~vnfin.orders.OrderStatus` by
:data:`vnfin.ssi.vocab.STATUS`; ``raw_status`` keeps SSI's word.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..._parse import Fields, as_float, epoch_times, shape_error
from ...frames import VN_TZ
from ...orders import Order, OrderStatus, Side
from .. import vocab
from .common import data, field, fold, frame

ORDER_FIELDS: Fields = {
    "uniqueid": ("request_id", "str"),
    "marketid": ("market", "str"),
    "cancelqty": ("cancelled_quantity", "int"),
    "modifiedtime": ("modified_at", "object"),
    "rejectreason": ("reject_reason", "str"),
    "isforcesell": ("is_force_sell", "str"),
    "isshortsell": ("is_short_sell", "str"),
}


def _int(value: Any) -> int:
    number = as_float(value)
    return 0 if np.isnan(number) else round(number)


def _price(value: Any) -> float | None:
    number = as_float(value)
    return None if np.isnan(number) or number == 0 else number


def _when(value: Any) -> pd.Timestamp | None:
    number = as_float(value)
    if np.isnan(number) or number <= 0:
        return None
    try:
        return epoch_times([number])[0]
    except ValueError:
        return None


def status_of(raw: Any, quantity: int, filled: int) -> OrderStatus:
    """SSI's status word → :class:`OrderStatus`; an open order with fills is partially
    filled (unknown words → UNKNOWN)."""
    status = vocab.STATUS.get(str(raw or "").strip().upper(), OrderStatus.UNKNOWN)
    if status.is_open and filled > 0:
        return (
            OrderStatus.FILLED if quantity and filled >= quantity else OrderStatus.PARTIALLY_FILLED
        )
    return status


def order(row: Mapping[str, Any], account: str | None = None) -> Order:
    """One order object (orderBook, auditOrderBook, orderHistory, or the stream's
    ``orderEvent``) → :class:`Order`, with ``request_id`` from ``uniqueID``."""
    r = fold(row)
    quantity, filled = _int(r.get("quantity")), _int(r.get("filledqty"))
    raw = str(r.get("orderstatus") or "")
    side = {"B": Side.BUY, "S": Side.SELL}.get(str(r.get("buysell") or "").strip().upper())
    unique = r.get("uniqueid")
    return Order(
        order_id=str(r.get("orderid") or ""),
        status=status_of(raw, quantity, filled),
        raw_status=raw,
        symbol=str(r.get("instrumentid") or ""),
        side=side,
        quantity=quantity,
        price=_price(r.get("price")),
        order_type=str(r.get("ordertype") or ""),
        filled_quantity=filled,
        average_price=_price(r.get("avgprice")),
        account=str(r.get("account") or account or "") or None,
        created_at=_when(r.get("inputtime")),
        source="ssi",
        raw=dict(row),
        request_id=None if unique in (None, "") else str(unique),
    )


def is_derivative(order: Order, default: bool) -> bool:
    """Whether an order is on the derivatives market (``marketID`` VNFE); ``default`` when
    the order does not say."""
    market = field(order.raw, "marketID")
    if isinstance(market, str) and market:
        return market.upper() == vocab.DERIVATIVE_MARKET
    return default


def _order_list(body: Any, endpoint: str, key: str) -> list[Mapping[str, Any]]:
    payload = data(body, endpoint)
    if payload is None:
        return []
    found = field(payload, key) if isinstance(payload, Mapping) else payload
    if found is None:
        return []
    if not isinstance(found, list) or not all(isinstance(r, Mapping) for r in found):
        raise shape_error(endpoint, f"{key} is not a list of orders")
    return found


def orders(body: Any, endpoint: str = "orderBook", account: str | None = None) -> list[Order]:
    """``data.orders`` (orderBook, auditOrderBook) or ``data.orderHistories`` → orders."""
    key = "orderHistories" if endpoint == "orderHistory" else "orders"
    return [order(r, account) for r in _order_list(body, endpoint, key)]


def order_extras(found: list[Order]) -> pd.DataFrame:
    """What an order frame adds to :data:`vnfin.orders.ORDER_COLUMNS`: ``request_id market
    cancelled_quantity modified_at reject_reason is_force_sell is_short_sell``, and for the
    audit book ``last_error`` (the error event, as sent)."""
    table = frame([o.raw for o in found], ORDER_FIELDS, keep_extra=False)
    table["modified_at"] = pd.Series(
        [_when(v) for v in table["modified_at"]], dtype=f"datetime64[ns, {VN_TZ}]"
    )
    errors = [field(o.raw, "lastErrorEvent") for o in found]
    if any(e is not None for e in errors):
        table["last_error"] = pd.Series(errors, dtype=object)
    return table


def one(body: Any, endpoint: str) -> dict[str, Any]:
    """``data`` as one object (``{}`` when null)."""
    payload = data(body, endpoint)
    if payload is None:
        return {}
    if not isinstance(payload, Mapping):
        raise shape_error(endpoint, "expected an object in data")
    return dict(payload)


POSITION_FIELDS: Fields = {
    "marketid": ("market", "str"),
    "instrumentid": ("symbol", "str"),
    "onhand": ("on_hand", "int"),
    "sellableqty": ("sellable", "int"),
    "block": ("blocked", "int"),
    "bonus": ("bonus", "int"),
    "mortgage": ("mortgage", "int"),
    "holdfortrade": ("hold_for_trade", "int"),
    "buyt0": ("buy_t0", "int"),
    "buyt1": ("buy_t1", "int"),
    "buyt2": ("buy_t2", "int"),
    "sellt0": ("sell_t0", "int"),
    "sellt1": ("sell_t1", "int"),
    "sellt2": ("sell_t2", "int"),
    "avgprice": ("cost_price", "float"),
    "marketprice": ("market_price", "float"),
}


def _rows_in(payload: Mapping[str, Any], key: str, endpoint: str) -> list[Mapping[str, Any]]:
    found = field(payload, key)
    if found is None:
        return []
    if not isinstance(found, list) or not all(isinstance(r, Mapping) for r in found):
        raise shape_error(endpoint, f"{key} is not a list of objects")
    return found


def stock_positions(body: Any) -> pd.DataFrame:
    """``stockPosition`` → one row per symbol: ``account market symbol quantity on_hand
    sellable blocked bonus mortgage hold_for_trade buy_t0..2 sell_t0..2 cost_price
    market_price``; ``quantity`` = ``on_hand`` plus the shares bought and not yet settled
    (``buy_t0 + buy_t1 + buy_t2``)."""
    payload = one(body, "stockPosition")
    table = frame(_rows_in(payload, "stockPositions", "stockPosition"), POSITION_FIELDS)
    bought = table[["buy_t0", "buy_t1", "buy_t2"]].fillna(0).sum(axis=1)
    table.insert(0, "quantity", (table["on_hand"].fillna(0) + bought).astype("int64"))
    table.insert(0, "account", field(payload, "account"))
    front = ["account", "market", "symbol", "quantity"]
    return table[front + [c for c in table.columns if c not in front]]


DERIVATIVE_FIELDS: Fields = {
    "marketid": ("market", "str"),
    "martketid": ("market", "str"),  # sic, in SSI's sample portfolio event
    "instrumentid": ("symbol", "str"),
    "longqty": ("long", "int"),
    "shortqty": ("short", "int"),
    "net": ("net", "int"),
    "bidavgprice": ("bid_average_price", "float"),
    "askavgprice": ("ask_average_price", "float"),
    "tradeprice": ("trade_price", "float"),
    "marketprice": ("market_price", "float"),
    "floatingpl": ("floating_pnl", "float"),
    "tradingpl": ("trading_pnl", "float"),
}


def derivative_positions(body: Any) -> pd.DataFrame:
    """``derivPosition`` → one row per contract and side of the book: ``account status
    market symbol long short net bid_average_price ask_average_price trade_price
    market_price floating_pnl trading_pnl`` (``status`` open or closed; prices in points,
    P&L in VND)."""
    payload = one(body, "derivPosition")
    parts = []
    for key, status in (("openPosition", "open"), ("closePosition", "closed")):
        raw = _rows_in(payload, key, "derivPosition")
        fields = {k: v for k, v in DERIVATIVE_FIELDS.items() if k != "martketid"}
        if any("martketid" in fold(r) and "marketid" not in fold(r) for r in raw):
            fields = {k: v for k, v in DERIVATIVE_FIELDS.items() if k != "marketid"}
        part = frame(raw, fields)
        part.insert(0, "status", status)
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    table.insert(0, "account", field(payload, "account"))
    return table


def capacity(body: Any, endpoint: str, key: str) -> int | None:
    """``maxBuyQty``/``maxSellQty`` of a capacity answer."""
    number = as_float(field(one(body, endpoint), key))
    return None if np.isnan(number) else int(number)


def one_row(body: Any, endpoint: str) -> pd.DataFrame:
    """An object of figures → one row, nested objects flattened into ``parent_child``
    columns, camelCase snake_cased (``cashBal`` → ``cash_bal``), text numbers converted."""
    payload = one(body, endpoint)
    flat: dict[str, Any] = {}
    for key, value in payload.items():
        if isinstance(value, Mapping):
            for inner, item in value.items():
                flat[f"{key}_{inner}"] = item
        elif not isinstance(value, list):
            flat[key] = value
    return frame([flat], {"account": ("account", "str")})
