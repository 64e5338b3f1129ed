"""What SSI's pre-trade checks know, and the derivative order (reference §1.7, §2.2).

For a stock order vnfin runs the shared checks of :mod:`vnfin.orders` (lot, tick, band,
order type for the exchange) with the symbol's exchange and type from FastConnect Data's
``SecuritiesDetails`` and today's reference, ceiling and floor from ``DailyStockPrice``.
"Today" is the ``ReportDate`` SecuritiesDetails gives (the server's date, not the local
clock). When DailyStockPrice has no row for today yet, vnfin does not guess the band from an
older close (a corporate action moves the reference): the band is left to SSI (ORD002/3).
Which order type the current session allows is the exchange's word: what the market
stream's ``F`` channel last said (:mod:`.sessions`) when it is running for the symbol;
otherwise it is left to SSI (ORD016) and vnfin checks only that the exchange takes the type.

A derivative order (:class:`DerivativeRequest`) is in contracts and index points: any whole
number of contracts, a price on the contract's tick (SecuritiesDetails' tick table, else
0.1 point) inside today's band.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import orders
from ..errors import ValidationError
from ..orders import MarketState, Side
from . import vocab
from .parsers import common
from .parsers import market as parse

SESSION = "not known to vnfin (SSI decides which types the session takes)"


@dataclass(frozen=True)
class Instrument:
    """What SecuritiesDetails says about a symbol, and the server's date."""

    symbol: str
    exchange: str
    sec_type: str
    ticks: tuple[tuple[float, float], ...]
    today: dt.date | None

    @property
    def is_derivative(self) -> bool:
        return self.exchange == "DER" or self.sec_type == "FU"

    @property
    def stock_type(self) -> str:
        """The type :mod:`vnfin.rules` knows: ETF and covered warrants trade on a 10 VND tick."""
        return {"EF": "ETF", "CW": "CW"}.get(self.sec_type, "STOCK")

    def tick(self, price: float) -> float:
        """The derivative tick at ``price``: the last tier of the tick table that starts at or
        below it, else :data:`~vnfin.ssi.vocab.DERIVATIVE_TICK`."""
        tick = vocab.DERIVATIVE_TICK
        for start, step in self.ticks:
            if price >= start and step > 0:
                tick = step
        return tick


def instrument(symbol: str, body: Any) -> Instrument:
    """The :class:`Instrument` of ``symbol`` from a SecuritiesDetails answer."""
    table = parse.security_details(body)
    if symbol not in table.index:
        raise ValidationError(f"{symbol} is not a symbol SSI lists", argument="symbol")
    row = table.loc[symbol]
    if isinstance(row, pd.DataFrame):
        row = row.iloc[0]
    ticks = []
    for i in range(1, 5):
        start, step = row.get(f"tick_price_{i}"), row.get(f"tick_increment_{i}")
        if not pd.isna(start) and not pd.isna(step):
            ticks.append((float(start), float(step)))
    report = None
    for record in common.rows(body, "SecuritiesDetails"):
        report = common.moments([common.field(record, "ReportDate")])[0]
    return Instrument(
        symbol=symbol,
        exchange=str(row.get("exchange") or "").upper(),
        sec_type=str(row.get("sec_type") or "").upper(),
        ticks=tuple(ticks),
        today=None if report is None or pd.isna(report) else report.date(),
    )


@dataclass(frozen=True)
class Band:
    """Today's reference, floor and ceiling (inf/0 when not known), and the last close."""

    reference: float
    floor: float
    ceiling: float
    last: float | None
    known: bool


def band(body: Any, today: dt.date) -> Band:
    """Today's band from a DailyStockPrice answer; unknown without a row for ``today``."""
    table = parse.daily_stock_price(body)
    if table.empty:
        return Band(math.nan, 0.0, math.inf, None, False)
    latest = table.iloc[-1]
    close = latest.get("close")
    last = None if pd.isna(close) else float(close)
    rows = table[pd.DatetimeIndex(table.index).date == today]
    if rows.empty:
        return Band(last if last is not None else math.nan, 0.0, math.inf, last, False)
    row = rows.iloc[-1]
    values = [float(row.get(k, math.nan)) for k in ("reference", "floor", "ceiling")]
    if any(math.isnan(v) for v in values):
        return Band(math.nan, 0.0, math.inf, last, False)
    reference, floor, ceiling = values
    return Band(reference, floor, ceiling, last, True)


def market_state(
    inst: Instrument,
    prices: Band,
    order_types: tuple[str, ...],
    heard: tuple[str, tuple[str, ...]] | None = None,
) -> MarketState:
    """What the checks know: the band, and the session from the ``F`` channel when ``heard``
    (:meth:`.sessions.SessionBoard.allowed`), else every type, left to SSI."""
    session, types = heard if heard is not None else (SESSION, order_types)
    return MarketState(
        symbol=inst.symbol,
        exchange=inst.exchange,
        reference=prices.reference,
        floor=prices.floor,
        ceiling=prices.ceiling,
        session=session,
        order_types=types,
        stock_type=inst.stock_type,
        last=prices.last,
    )


def exchange_takes(order_type: str, exchange: str) -> None:
    """Refuse an order type the exchange never takes (the session is SSI's word)."""
    allowed = vocab.EXCHANGE_ORDER_TYPES.get(exchange)
    if allowed is None:
        raise ValidationError(
            f"{exchange or 'this market'} is not an exchange vnfin places stock orders on "
            f"({', '.join(vocab.EXCHANGE_ORDER_TYPES)})",
            argument="symbol",
        )
    if order_type not in allowed:
        raise ValidationError(
            f"{exchange} does not take {order_type} orders (it takes {', '.join(allowed)}; "
            "which of them the current session allows is SSI's call)",
            argument="order_type",
        )


class DerivativeRequest(orders.DerivativeRequest):
    """A derivative order as asked for (LO, ATO, ATC, MTL, MOK, MAK); its tick and band are
    checked against the instrument by :func:`check_derivative`."""

    TYPES = vocab.DERIVATIVE_ORDER_TYPES


def check_derivative(request: DerivativeRequest, inst: Instrument, prices: Band) -> None:
    """Tick and band of a derivative order (ValidationError naming what would pass)."""
    if not inst.is_derivative:
        raise ValidationError(
            f"{request.symbol} is not a derivative ({inst.exchange}): use place()",
            argument="symbol",
        )
    if request.price is None:
        return
    price = request.price
    tick = inst.tick(price)
    steps = price / tick
    if abs(steps - round(steps)) > 1e-6:
        low, high = round(math.floor(steps) * tick, 6), round(math.ceil(steps) * tick, 6)
        raise ValidationError(
            f"price {price:g} is not on the {tick:g}-point tick: use {low:g} or {high:g}",
            argument="price",
        )
    if not prices.floor <= price <= prices.ceiling:
        where = "above today's ceiling" if price > prices.ceiling else "below today's floor"
        raise ValidationError(
            f"price {price:g} is {where} for {request.symbol}: the band is "
            f"{prices.floor:g}-{prices.ceiling:g} (reference {prices.reference:g})",
            argument="price",
        )


def within(quantity: int, limit: int | None, side: Side, symbol: str) -> None:
    """Refuse more than SSI's maxBuyQty/maxSellQty allows (None: not known)."""
    if limit is None or quantity <= limit:
        return
    verb = "buy" if side is Side.BUY else "sell"
    raise ValidationError(
        f"the account can {verb} at most {limit:,} {symbol} now (SSI's max{verb.title()}Qty), "
        f"asked for {quantity:,}",
        argument="quantity",
    )
