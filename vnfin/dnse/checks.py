"""What DNSE's pre-trade checks know, and the derivative order (reference §4.4, §4.5, §4.9).

For a stock order vnfin runs the shared checks of :mod:`vnfin.orders` — lot and tick always,
with the symbol's exchange and type from vnfin's own ticker list (``data/tickers.csv``) —
and compares the quantity with DNSE's ``qmax`` (buy) or ``tradeQuantity`` (sell) from ppse.

LightSpeed publishes no reference price, so today's band is **estimated** from the previous
close on the chart endpoint (:func:`estimated_band`): a corporate action moves the real
reference, so a price outside the estimated band only warns (a ``UserWarning``) and DNSE has
the last word (``PRICE_MUST_...`` codes). "Today" is this machine's date in Vietnam. Which
order type the session allows now is DNSE's call too; vnfin checks only that the exchange
takes the type at all.

A derivative order (:class:`DerivativeRequest`) is in contracts and index points: any whole
number of contracts, and a limit price on the 0.1-point tick.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Self

import pandas as pd

from .. import orders, rules
from .._call import Call, Reply
from .._data import data_dir
from .._loop import warn
from ..errors import APIError, TransportError, ValidationError
from ..frames import VN_TZ
from ..orders import Capacity, MarketState, OrderRequest, Side, check
from . import routes, vocab
from .parsers import market as bars

FINEST_TICK = 10  # VND: HOSE below 10,000 and HOSE ETFs; every other tick is a multiple
Send = Callable[[Call], Awaitable[Reply]]
SESSION = "not known to vnfin (DNSE decides which types the session takes)"


@dataclass(frozen=True)
class Listing:
    exchange: str
    stock_type: str


@cache
def listings() -> dict[str, Listing]:
    """Symbol → exchange and stock type, from vnfin's ticker list."""
    with (data_dir() / "tickers.csv").open(encoding="utf-8") as fh:
        return {
            row["symbol"]: Listing(row["exchange"], row["stock_type"] or "STOCK")
            for row in csv.DictReader(fh)
        }


def listing(symbol: str) -> Listing | None:
    return listings().get(symbol)


BAND_DAYS = 20  # calendar days of daily bars read to find the previous close


@dataclass(frozen=True)
class Band:
    """Today's band estimated from the previous close (``known`` False without one)."""

    reference: float
    floor: float
    ceiling: float
    last: float | None
    closed_on: dt.date | None
    known: bool


UNKNOWN = Band(math.nan, 0.0, math.inf, None, None, False)


def today() -> dt.date:
    """Today in Vietnam."""
    return pd.Timestamp.now(tz=VN_TZ).date()


def band(bars: pd.DataFrame, found: Listing | None, on: dt.date) -> Band:
    """The band for ``on`` from daily bars: the reference is the close of the last bar
    before ``on`` (today's own bar, if the chart has one, is not a reference)."""
    if found is None or bars.empty:
        return UNKNOWN
    dates = pd.DatetimeIndex(bars.index).date
    before = bars[dates < on]
    last = float(bars["close"].iloc[-1])
    if before.empty or pd.isna(before["close"].iloc[-1]):
        return Band(math.nan, 0.0, math.inf, last, None, False)
    reference = float(before["close"].iloc[-1])
    floor, ceiling = rules.price_band(reference, found.exchange, found.stock_type)
    closed_on = pd.DatetimeIndex(before.index)[-1].date()
    return Band(reference, float(floor), float(ceiling), last, closed_on, True)


def market_state(symbol: str, found: Listing | None, prices: Band) -> MarketState:
    """What the shared checks see. The band is shown as estimated; :func:`checked_state`
    gives the same state without it, since an estimated band must not block."""
    exchange = found.exchange if found else "unknown exchange"
    types = vocab.EXCHANGE_ORDER_TYPES.get(exchange, vocab.STOCK_ORDER_TYPES)
    return MarketState(
        symbol=symbol,
        exchange=exchange,
        reference=prices.reference,
        floor=prices.floor,
        ceiling=prices.ceiling,
        session=SESSION,
        order_types=types,
        stock_type=found.stock_type if found else "STOCK",
        last=prices.last,
    )


def checked_state(state: MarketState, found: Listing | None) -> MarketState:
    """``state`` as :func:`vnfin.orders.check` should see it: no band (it only warns), and
    for a symbol vnfin does not list, the finest tick of any exchange (10 VND), which
    :func:`unlisted_tick` has checked with a plainer message."""
    return MarketState(
        symbol=state.symbol,
        exchange=state.exchange if found else "HOSE",
        reference=state.reference,
        floor=0.0,
        ceiling=math.inf,
        session=state.session,
        order_types=state.order_types,
        stock_type=state.stock_type if found else "ETF",
        last=state.last,
    )


def unlisted_tick(request: OrderRequest) -> None:
    """For a symbol vnfin does not list: a price on the 10 VND grid, the finest of any
    exchange (the real tick may be coarser; DNSE checks it)."""
    if request.price is not None and request.price % FINEST_TICK:
        low = request.price - request.price % FINEST_TICK
        raise ValidationError(
            f"price {request.price:,} is not on any exchange's tick (every tick is a multiple "
            f"of {FINEST_TICK} VND): use {low:,} or {low + FINEST_TICK:,}",
            argument="price",
        )


def exchange_takes(order_type: str, found: Listing | None) -> None:
    """Refuse an order type DNSE or the exchange never takes (the session is DNSE's call)."""
    if order_type not in vocab.STOCK_ORDER_TYPES:
        raise ValidationError(
            f"DNSE's LightSpeed takes {', '.join(vocab.STOCK_ORDER_TYPES)} orders, not "
            f"{order_type}",
            argument="order_type",
        )
    if found is None:
        return
    allowed = vocab.EXCHANGE_ORDER_TYPES[found.exchange]
    if order_type not in allowed:
        raise ValidationError(
            f"{found.exchange} does not take {order_type} orders (it takes "
            f"{', '.join(allowed)}; which of them the session allows now is DNSE's call)",
            argument="order_type",
        )


def warn_unlisted(symbol: str) -> None:
    warn(
        f"{symbol} is not in vnfin's ticker list: its exchange is not known, so its price is "
        "checked only on the 10 VND grid and without a price band (DNSE checks both)"
    )


def warn_band(request: OrderRequest, prices: Band) -> None:
    """Warn when a limit price is outside the estimated band (it does not block)."""
    price = request.price
    if price is None or not prices.known or prices.floor <= price <= prices.ceiling:
        return
    where = "above" if price > prices.ceiling else "below"
    warn(
        f"price {price:,} is {where} today's estimated band for {request.symbol} "
        f"({prices.floor:,.0f}-{prices.ceiling:,.0f}, from the close of {prices.closed_on} at "
        f"{prices.reference:,.0f}): an estimate, since a corporate action moves the real "
        "reference, so the order is sent and DNSE decides"
    )


def within(quantity: int, limit: int | None, side: Side, symbol: str) -> None:
    """Refuse more than DNSE's ``qmax`` (buy) or ``tradeQuantity`` (sell) allows."""
    if limit is None or quantity <= limit:
        return
    name = "qmax" if side is Side.BUY else "tradeQuantity"
    verb = "buy" if side is Side.BUY else "sell"
    raise ValidationError(
        f"the account can {verb} at most {limit:,} {symbol} now (DNSE's {name}), asked for "
        f"{quantity:,}",
        argument="quantity",
    )


class DerivativeRequest(orders.DerivativeRequest):
    """A derivative order as asked for (LO, MTL, ATO, ATC, MOK, MAK), its limit price on
    the 0.1-point tick."""

    TYPES = vocab.DERIVATIVE_ORDER_TYPES

    @classmethod
    def checked(
        cls, symbol: Any, side: Any, quantity: Any, price: Any = None, order_type: Any = "LO"
    ) -> Self:
        request = super().checked(symbol, side, quantity, price, order_type)
        if request.price is None:
            return request
        steps = request.price / vocab.DERIVATIVE_TICK
        if abs(steps - round(steps)) > 1e-6:
            low = math.floor(steps) * vocab.DERIVATIVE_TICK
            high = math.ceil(steps) * vocab.DERIVATIVE_TICK
            raise ValidationError(
                f"price {request.price:g} is not on the {vocab.DERIVATIVE_TICK:g}-point tick: "
                f"use {low:.1f} or {high:.1f}",
                argument="price",
            )
        return replace(request, price=round(request.price, 1))


def pure(
    symbol: Any, side: Any, quantity: Any, price: Any, order_type: Any
) -> tuple[OrderRequest, Listing | None]:
    """The checks that need nothing from DNSE, made before any request: side, type (for
    DNSE and the exchange), lot, and tick (from vnfin's ticker list)."""
    request = OrderRequest.checked(symbol, side, quantity, price, order_type)
    found = listing(request.symbol)
    exchange_takes(request.order_type.value, found)
    if found is None:
        unlisted_tick(request)
    bare = market_state(request.symbol, found, UNKNOWN)
    check(request, checked_state(bare, found))
    if found is None:
        warn_unlisted(request.symbol)
    return request, found


@dataclass(frozen=True)
class Checked:
    """An order that passed the checks, and what sending it needs."""

    request: OrderRequest
    account: str
    package: int | str
    chosen: dict[str, Any]
    market: MarketState
    capacity: Capacity


async def estimated_band(send: Send, symbol: str, found: Listing | None) -> Band:
    """Today's band estimated from the chart's previous close (unknown if it fails: the
    chart is unofficial, and an estimate must not stop an order)."""
    if found is None:
        return UNKNOWN
    end = pd.Timestamp.now(tz=VN_TZ)
    start = end.normalize() - pd.Timedelta(days=BAND_DAYS)
    call = routes.chart(symbol, "1D", int(start.timestamp()), int(end.timestamp()))
    try:
        reply = await send(call)
        daily = bars.bars(reply.payload, scale=vocab.STOCK_SCALE)  # a listed stock
    except (APIError, TransportError) as error:
        warn(f"today's band for {symbol} could not be estimated ({error}): not checked")
        return UNKNOWN
    return band(daily, found, today())
