"""Pure parsers for Finhay's account and order answers (reference §1.10, §2.9–§2.13): JSON
payload → DataFrame, or → the broker-neutral :class:`~vnfin.orders.Order`. No I/O.

Finhay's order statuses (§3) map onto :class:`~vnfin.orders.OrderStatus` by :data:`STATUS`;
``raw_status`` keeps Finhay's word. A status that means "done" with less than the whole order
filled (``COMPLETED``) is told apart by the filled quantity.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..._parse import Fields, as_float, flatten, mapping, records, shape_error, table
from ...frames import VN_TZ
from ...orders import Capacity, Order, OrderStatus, Side

S = OrderStatus
STATUS: dict[str, OrderStatus] = {
    "RECEIVED": S.PENDING,
    "WAITING_TO_ACTIVATE": S.PENDING,
    "WAITING_TO_SEND": S.PENDING,
    "SENDING": S.PENDING,
    "SENDING_TO_CORE": S.PENDING,
    "INTERNAL_SENDING": S.PENDING,
    "WAIT_FOR_ACCEPTING": S.PENDING,
    "ACCEPTING": S.PENDING,
    "SENT": S.OPEN,
    "ACCEPTED": S.OPEN,
    "FIXING": S.OPEN,  # being amended
    "FIXED": S.OPEN,
    "CANCELLING": S.OPEN,  # cancel requested, not yet confirmed
    "MATCHED": S.PARTIALLY_FILLED,
    "MATCHED_ALL": S.FILLED,
    "CANCELLED": S.CANCELLED,
    "INTERNAL_CANCELLED": S.CANCELLED,
    "CANCEL_BY_STOCK_EVENT": S.CANCELLED,
    "REJECTED": S.REJECTED,
    "REJECTING": S.REJECTED,
    "FAILED": S.REJECTED,
    "EXPIRED": S.EXPIRED,
    "EXPIRED_ACTIVATION_TIME": S.EXPIRED,
    "EXPIRED_AUTHORIZATION": S.EXPIRED,
}

#: Order-level rejection codes (``result[].code``, §2.13) and what they mean.
REJECTIONS: dict[str, str] = {
    "-400116": "exceeds buying or selling power",
    "QMAX_EXCEED": "exceeds buying or selling power",
    "-900017": "invalid price or lot: check the tick and the lot size",
    "-10011": "invalid price or lot: check the tick and the lot size",
    "INVALID_PRICE_LOT": "invalid price or lot: check the tick and the lot size",
    "-700106": "check the quantity and the price",
    "-700104": "adjust the quantity",
    "-700105": "adjust the quantity",
    "-700114": "an odd lot takes limit (LO) orders only",
    "-300025": "the market is closed: come back next session",
    "-100113": "this order type is not accepted in the current session",
    "INVALID_ORDER_TYPE_FOR_THIS_SESSION": "this order type is not accepted in the current session",
    "-400099": "the symbol is outside the buyable list",
    "-700069": "the symbol is restricted or halted",
    "CAN_NOT_PLACE_ORDER_ON_HALTED_SYMBOL": "the symbol is restricted or halted",
    "-701111": "partially matched: only the unmatched part can be changed",
    "MUST_PUBLISH_TRADE_INFO": "a disclosure is required before trading this symbol",
    "FAILED": "generic failure",
}


def status_of(raw: Any, quantity: int, filled: int) -> OrderStatus:
    """Finhay's status word → :class:`OrderStatus` (unknown words → UNKNOWN)."""
    word = str(raw or "").upper()
    if word == "COMPLETED":
        return S.FILLED if quantity and filled >= quantity else S.EXPIRED
    return STATUS.get(word, S.UNKNOWN)


def _int(value: Any) -> int:
    number = as_float(value)
    return 0 if np.isnan(number) else round(number)


def _price(value: Any) -> float | None:
    number = as_float(value)
    return None if np.isnan(number) or number == 0 else number


def _side(value: Any) -> Side | None:
    word = str(value or "").upper()
    return {"BUY": Side.BUY, "NB": Side.BUY, "SELL": Side.SELL, "NS": Side.SELL}.get(word)


def _when(date: Any, clock: Any = None) -> pd.Timestamp | None:
    text = f"{date}T{clock}" if date and clock else date
    if not isinstance(text, str) or not text:
        return None
    try:
        ts = pd.Timestamp(text)
    except (ValueError, TypeError):
        return None
    return ts.tz_localize(VN_TZ) if ts.tzinfo is None else ts.tz_convert(VN_TZ)


def order_from_response(row: Mapping[str, Any]) -> Order:
    """One ``OrderResponse`` / ``OrderHistoryEntry`` (§2.11, §2.13) → :class:`Order`."""
    quantity, filled = _int(row.get("order_quantity")), _int(row.get("execute_quantity"))
    raw = str(row.get("order_status") or "")
    return Order(
        order_id=str(row.get("order_id") or ""),
        status=status_of(raw, quantity, filled),
        raw_status=raw,
        symbol=str(row.get("symbol") or ""),
        side=_side(row.get("order_side")),
        quantity=quantity,
        price=_price(row.get("limit_price")),
        order_type=str(row.get("order_type") or row.get("market_price") or ""),
        filled_quantity=filled,
        average_price=_price(row.get("execute_price")),
        account=None if row.get("account_id") is None else str(row.get("account_id")),
        created_at=_when(row.get("transaction_date")),
        source="finhay",
        raw=dict(row),
    )


def order_from_book(row: Mapping[str, Any]) -> Order:
    """One ``OrderBookEntry`` (§2.11) → :class:`Order`."""
    quantity, filled = _int(row.get("qtty")), _int(row.get("execqtty"))
    raw = str(row.get("status") or row.get("status_") or "")
    return Order(
        order_id=str(row.get("orderid") or ""),
        status=status_of(raw, quantity, filled),
        raw_status=raw,
        symbol=str(row.get("symbol") or ""),
        side=_side(row.get("side") or row.get("side_code")),
        quantity=quantity,
        price=_price(row.get("price") or row.get("limitprice")),
        order_type=str(row.get("pricetype") or ""),
        filled_quantity=filled,
        average_price=_price(row.get("execprice")),
        account=None if row.get("afacctno") is None else str(row.get("afacctno")),
        created_at=_when(row.get("odtimestamp")) or _when(row.get("txdate"), row.get("txtime")),
        source="finhay",
        raw=dict(row),
    )


def order_responses(payload: Any) -> list[Mapping[str, Any]]:
    """The ``result`` of an order write: a list of ``OrderResponse`` (normally one)."""
    rows = records(payload, "order write")
    if not rows:
        raise shape_error("order write", "no order in the answer")
    return rows


def rejection(row: Mapping[str, Any]) -> tuple[str, str] | None:
    """(code, plain-language reason) when the exchange or broker refused this order."""
    code, reason = row.get("code"), row.get("rejected_reason")
    refused = str(row.get("order_status") or "").upper() in ("REJECTED", "FAILED")
    if code in (None, "", "0") and not reason and not refused:
        return None
    text = str(code or row.get("order_status") or "REJECTED")
    meaning = REJECTIONS.get(text)
    said = str(reason) if reason else None
    return text, "; ".join(x for x in (said, meaning) if x) or "refused"


def book(payload: Any) -> list[Mapping[str, Any]]:
    return records(payload, "order-book")


def history(payload: Any) -> list[Mapping[str, Any]]:
    """``result: {data: [...]}`` of the order history (the nested ``data`` of §2.11)."""
    outer = mapping(payload, "order history") if not isinstance(payload, list) else None
    rows = payload if outer is None else outer.get("data")
    return records(rows or [], "order history")


SUB_ACCOUNT_FIELDS: Fields = {
    "id": ("id", "str"),
    "sub_account_ext": ("sub_account_ext", "str"),
    "type": ("type", "str"),
    "product_type_name": ("product_type_name", "str"),
    "name": ("name", "str"),
    "cust_id": ("cust_id", "str"),
    "depository_number": ("depository_number", "str"),
}


def sub_accounts(payload: Any) -> pd.DataFrame:
    """Sub-accounts → ``id sub_account_ext type product_type_name name cust_id
    depository_number``; ``type`` upper-cased (NORMAL, MARGIN)."""
    frame = table(records(payload, "sub-accounts"), SUB_ACCOUNT_FIELDS)
    frame["type"] = frame["type"].str.upper()
    return frame


def one_row(payload: Any, endpoint: str) -> pd.DataFrame:
    """An object → a one-row frame, nested objects flattened into ``parent_child`` columns;
    numbers sent as text (``baldefovd``) become numbers."""
    frame = flatten(mapping(payload, endpoint))
    if frame.empty:
        frame = pd.DataFrame(index=pd.RangeIndex(1))
    for name in frame.columns:
        if frame[name].dtype == object:
            converted = pd.to_numeric(frame[name], errors="coerce")
            if converted.notna().all() and frame[name].notna().all():
                frame[name] = converted.astype("float64")
    return frame


def portfolio(payload: Any) -> tuple[pd.DataFrame, bool | None]:
    """``{portfolio: [...], is_snapshot}`` → (one row per holding, is_snapshot)."""
    data = mapping(payload, "portfolio")
    rows = records(data.get("portfolio") or [], "portfolio")
    fields: Fields = {
        "sub_account_id": ("sub_account", "str"),
        "symbol": ("symbol", "str"),
        "securities_type": ("securities_type", "str"),
        "total": ("quantity", "int"),
        "available": ("sellable", "int"),
        "cost_price": ("cost_price", "float"),
        "basic_price": ("reference", "float"),
        "close_price": ("market_price", "float"),
        "pnl_amount": ("pnl_amount", "float"),
        "pnl_rate": ("pnl_percent", "float"),
        "is_sellable": ("is_sellable", "object"),
    }
    snapshot = data.get("is_snapshot")
    return table(rows, fields), snapshot if isinstance(snapshot, bool) else None


def capacity(payload: Any) -> Capacity:
    """``available-trade`` → :class:`Capacity` (``pp0`` VND to spend, ``trade`` to sell)."""
    data = mapping(payload, "available-trade")
    power, sellable = as_float(data.get("pp0")), as_float(data.get("trade"))
    return Capacity(
        buying_power=None if np.isnan(power) else power,
        sellable=None if np.isnan(sellable) else int(sellable),
    )


#: available-trade's short names → what they are (§2.13).
POWER_NAMES = {
    "pp0": "buying_power",
    "ppse": "buying_power_after_settlement",
    "maxqtty": "max_quantity",
    "trade": "sellable",
    "marginrate": "margin_rate",
    "mrratioloan": "margin_loan_ratio",
}

RIGHT_FIELDS: Fields = {
    "symbol": ("symbol", "str"),
    "type": ("type", "str"),
    "status": ("status", "str"),
    "userRightRegisterStatus": ("user_right_register_status", "str"),
    "ownNumberOfShare": ("own_number_of_share", "int"),
    "ratio": ("ratio", "str"),
    "amount": ("amount", "float"),
    "buyPrice": ("buy_price", "float"),
    "allowRegister": ("allow_register", "object"),
    "actionDate": ("action_date", "date"),
    "reportDate": ("report_date", "date"),
    "startDate": ("start_date", "date"),
    "finishDate": ("finish_date", "date"),
    "startDateTransfer": ("start_date_transfer", "date"),
    "finishDateTransfer": ("finish_date_transfer", "date"),
}


def rights(payload: Any) -> pd.DataFrame:
    """``user-rights`` → one row per right, newest report first; camelCase snake_cased,
    dates as Vietnam-time dates."""
    frame = table(records(payload, "user-rights"), RIGHT_FIELDS)
    return frame.sort_values("report_date", ascending=False, kind="stable", ignore_index=True)


def summary_numbers(payload: Any) -> dict[str, float]:
    """The four figures a snapshot takes from a sub-account summary (0 where missing)."""
    data = mapping(payload, "account summary")
    names = {
        "cash": "ci_balance",
        "buying_power": "balance",
        "nav": "net_asset_value",
        "debt": "total_debt_amt",
    }
    out = {}
    for key, wire in names.items():
        number = as_float(data.get(wire))
        out[key] = 0.0 if np.isnan(number) else number
    return out
