"""What SSI's streams carry, typed: order-stream events and market-data messages (reference
§1.9, §2.3). Pure: JSON text in, frozen dataclasses out; :mod:`vnfin.ssi.stream` does the I/O.

* :func:`parse_event` reads one ``BroadcastHubV2`` event ``{"type", "data"}`` into
  :class:`OrderEvent`, :class:`OrderMatchEvent`, :class:`OrderError` or
  :class:`PortfolioEvent` (another type into a plain :class:`StreamEvent`): field names
  matched case-insensitively, snake_case attributes, numbers parsed (SSI sends many as
  strings), epoch-millisecond times as tz-aware Vietnam timestamps; ``raw`` keeps the data as
  sent.
* :func:`parse_market` reads one ``FcMarketDataV2Hub`` message, whose ``Content`` is JSON
  inside JSON, into a :class:`MarketMessage`; :func:`check_channel` checks a channel name.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import ValidationError
from ..frames import VN_TZ

__all__ = [
    "CHANNELS",
    "MarketMessage",
    "OrderError",
    "OrderEvent",
    "OrderMatchEvent",
    "PortfolioEvent",
    "Position",
    "StreamEvent",
    "check_channel",
    "parse_event",
    "parse_market",
]

#: The channel types of FastConnect Data's stream (reference §2.3; ``OL`` per the guide).
CHANNELS = ("F", "X", "X-QUOTE", "X-TRADE", "B", "R", "MI", "OL")
MAX_MS = 9.0e12  # epoch milliseconds in 2255: anything later is not a time


def _fields(data: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in data.items()}


def _num(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _int(value: Any) -> int:
    number = _num(value)
    return 0 if number is None else int(number)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _flag(value: Any) -> bool:
    return value is True or str(value).strip().upper() in ("T", "TRUE", "Y", "1")


def _time(value: Any) -> pd.Timestamp | None:
    """SSI's epoch milliseconds (a string or a number) → Vietnam time; None if absent."""
    number = _num(value)
    if number is None or not 0 < number < MAX_MS:
        return None
    return pd.Timestamp(int(number), unit="ms", tz="UTC").tz_convert(VN_TZ)


@dataclass(frozen=True)
class StreamEvent:
    """One order-stream event: ``type`` as SSI names it, its ``notify_id``, the account, and
    ``raw`` (the event's ``data`` as sent)."""

    type: str
    notify_id: int | None
    account: str
    raw: Mapping[str, Any] = field(repr=False, compare=False)


@dataclass(frozen=True)
class OrderEvent(StreamEvent):
    """``orderEvent``: an order's state changed (prices VND, quantities shares)."""

    order_id: str = ""
    request_id: str = ""  # SSI's uniqueID: the request that caused this event
    original_request_id: str = ""
    symbol: str = ""
    side: str = ""  # "B" or "S"
    order_type: str = ""
    price: float | None = None
    quantity: int = 0
    filled_quantity: int = 0
    outstanding_quantity: int = 0
    cancelled_quantity: int = 0
    average_price: float | None = None
    status: str = ""  # SSI's code (QU, PF, FF, CL, RJ, …; reference §1.10)
    reject_reason: str = ""
    market: str = ""
    channel: str = ""
    input_time: pd.Timestamp | None = None
    modified_time: pd.Timestamp | None = None
    is_force_sell: bool = False
    is_short_sell: bool = False


@dataclass(frozen=True)
class OrderMatchEvent(StreamEvent):
    """``orderMatchEvent``: one fill."""

    order_id: str = ""
    request_id: str = ""
    symbol: str = ""
    side: str = ""
    match_price: float | None = None
    match_quantity: int = 0
    match_time: pd.Timestamp | None = None


@dataclass(frozen=True)
class OrderError(StreamEvent):
    """``orderError``: a request SSI refused, with its code (``ORD…``, ``ERR…``)."""

    error_code: str = ""
    message: str = ""
    request_id: str = ""
    order_id: str = ""
    symbol: str = ""
    side: str = ""
    order_type: str = ""
    price: float | None = None
    quantity: int = 0
    input_time: pd.Timestamp | None = None


@dataclass(frozen=True)
class Position:
    """One derivative position of a :class:`PortfolioEvent` (prices in points)."""

    symbol: str
    market: str
    long_quantity: int
    short_quantity: int
    net: int
    bid_average_price: float | None
    ask_average_price: float | None
    trade_price: float | None
    market_price: float | None
    floating_pl: float | None
    trading_pl: float | None


@dataclass(frozen=True)
class PortfolioEvent(StreamEvent):
    """``clientPortfolioEvent``: the derivative account's open and closed positions."""

    open_positions: tuple[Position, ...] = ()
    closed_positions: tuple[Position, ...] = ()


def _position(item: Any) -> Position:
    f = _fields(item if isinstance(item, Mapping) else {})
    return Position(
        _text(f.get("instrumentid")),
        _text(f.get("marketid", f.get("martketid"))),  # "martketID" in SSI's own sample
        _int(f.get("longqty")),
        _int(f.get("shortqty")),
        _int(f.get("net")),
        *(_num(f.get(k)) for k in ("bidavgprice", "askavgprice", "tradeprice")),
        *(_num(f.get(k)) for k in ("marketprice", "floatingpl", "tradingpl")),
    )


def parse_event(text: str) -> StreamEvent:
    """One ``Broadcast`` argument of ``BroadcastHubV2`` (a JSON string) → a typed event."""
    event = json.loads(text)
    if not isinstance(event, Mapping) or not isinstance(event.get("data"), Mapping):
        raise ValueError("not an order-stream event")
    kind, data = _text(event.get("type")), event["data"]
    f = _fields(data)
    notify = _num(f.get("notifyid"))
    base: dict[str, Any] = {
        "type": kind,
        "notify_id": None if notify is None else int(notify),
        "account": _text(f.get("account")),
        "raw": dict(data),
    }
    common: dict[str, Any] = {
        "order_id": _text(f.get("orderid")),
        "request_id": _text(f.get("uniqueid")),
        "symbol": _text(f.get("instrumentid")),
        "side": _text(f.get("buysell")),
    }
    if kind == "orderEvent":
        return OrderEvent(
            **base,
            **common,
            original_request_id=_text(f.get("origrequestid")),
            order_type=_text(f.get("ordertype")),
            price=_num(f.get("price")),
            quantity=_int(f.get("quantity")),
            filled_quantity=_int(f.get("filledqty")),
            outstanding_quantity=_int(f.get("osqty")),
            cancelled_quantity=_int(f.get("cancelqty")),
            average_price=_num(f.get("avgprice")),
            status=_text(f.get("orderstatus")).upper(),
            reject_reason=_text(f.get("rejectreason")),
            market=_text(f.get("marketid")),
            channel=_text(f.get("channel")),
            input_time=_time(f.get("inputtime")),
            modified_time=_time(f.get("modifiedtime")),
            is_force_sell=_flag(f.get("isforcesell")),
            is_short_sell=_flag(f.get("isshortsell")),
        )
    if kind == "orderMatchEvent":
        return OrderMatchEvent(
            **base,
            **common,
            match_price=_num(f.get("matchprice")),
            match_quantity=_int(f.get("matchqty")),
            match_time=_time(f.get("matchtime")),
        )
    if kind == "orderError":
        return OrderError(
            **base,
            **common,
            error_code=_text(f.get("errorcode")),
            message=_text(f.get("message")),
            order_type=_text(f.get("ordertype")),
            price=_num(f.get("price")),
            quantity=_int(f.get("quantity")),
            input_time=_time(f.get("inputtime")),
        )
    if kind == "clientPortfolioEvent":
        opened, closed = f.get("clientportfoliosopen") or (), f.get("clientportfoliosclose") or ()
        return PortfolioEvent(
            **base,
            open_positions=tuple(_position(p) for p in opened),
            closed_positions=tuple(_position(p) for p in closed),
        )
    return StreamEvent(**base)


@dataclass(frozen=True)
class MarketMessage:
    """One FastConnect Data message: its ``channel`` type (``DataType``: ``X``, ``MI``, …),
    the ``symbol`` (or index id) it is about, and its decoded ``content`` (§2.3's fields)."""

    channel: str
    symbol: str
    content: Mapping[str, Any]


def parse_market(text: str) -> MarketMessage:
    """One ``Broadcast`` argument of ``FcMarketDataV2Hub``: JSON whose ``Content`` is JSON."""
    outer = json.loads(text)
    if not isinstance(outer, Mapping):
        raise ValueError("not a market-data message")
    content = outer.get("Content")
    inner = json.loads(content) if isinstance(content, str) else content
    if not isinstance(inner, Mapping):
        inner = {}
    symbol = _text(inner.get("Symbol") or inner.get("IndexId"))
    return MarketMessage(_text(outer.get("DataType")), symbol, dict(inner))


def check_channel(channel: Any) -> str:
    """``"<type>:<list>"`` with a known type and a ``-``-joined list (or ``ALL``)."""
    text = channel.strip() if isinstance(channel, str) else ""
    kind, _, names = text.partition(":")
    items = names.split("-")
    if kind.upper() not in CHANNELS or not all(i.strip() for i in items):
        raise ValidationError(
            f"channel {str(channel)[:60]!r} is not '<type>:<list>' with a type in "
            f"{', '.join(CHANNELS)} and symbols joined by '-' (or ALL), e.g. 'X-QUOTE:SSI-ACB'",
            argument="channels",
        )
    return f"{kind.upper()}:{names.upper()}"
