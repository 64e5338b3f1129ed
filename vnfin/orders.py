"""Orders, the same for every broker: what a user asks for, what the broker did, and the checks
that run before anything is sent.

* :class:`OrderRequest` is an order as asked for, checked on its own (side, type, quantity
  and lot, price present where it must be) when built with :meth:`OrderRequest.checked`.
* :func:`check` runs the pre-trade checks that need the market: the order type allowed in the
  exchange's current session, the tick for the exchange and price tier, today's price band,
  and buying power or sellable shares. Every refusal is a
  :class:`~vnfin.errors.ValidationError` that says what is wrong in a trader's words.
* :class:`Order` is an order as the broker reports it, with its status normalised to
  :class:`OrderStatus` (``raw_status`` keeps the broker's own word).

Pure: no I/O. A broker's folder maps its wire format into these types and back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Self

import pandas as pd

from . import _inputs, rules
from .errors import ValidationError
from .frames import TEXT, VN_TZ

if TYPE_CHECKING:
    from ._call import Call

#: Estimated costs for previews. The broker's real fee is in its answer (``fee_amount``);
#: Finhay does not publish its rate, so previews assume a typical 0.15 %. The 0.1 % tax on
#: the value of a sale is the law (personal income tax on securities transfers).
FEE_RATE = 0.0015
SALE_TAX_RATE = 0.001


class Side(StrEnum):
    BUY = "BUY"
    SELL = "SELL"

    @classmethod
    def parse(cls, value: Any, argument: str = "side") -> Side:
        """``"BUY"``/``"SELL"`` in any case, or ``"B"``/``"S"``."""
        aliases = {"B": "BUY", "S": "SELL", "NB": "BUY", "NS": "SELL"}
        return cls(_inputs.choice(value, [s.value for s in cls], argument, aliases))


class OrderType(StrEnum):
    """Vietnamese order types. ``LO`` carries a price; the others execute at the market or an
    auction price (``PLO``: HNX's post-close session, at the closing price)."""

    LO = "LO"
    MP = "MP"
    ATO = "ATO"
    ATC = "ATC"
    MTL = "MTL"
    MOK = "MOK"
    MAK = "MAK"
    PLO = "PLO"

    @classmethod
    def parse(cls, value: Any, argument: str = "order_type") -> OrderType:
        aliases = {"LIMIT": "LO", "MARKET": "MP"}
        return cls(_inputs.choice(value, [t.value for t in cls], argument, aliases))

    @property
    def has_price(self) -> bool:
        return self is OrderType.LO


class OrderStatus(StrEnum):
    """Where an order stands, the same for every broker (the broker's word is in
    :attr:`Order.raw_status`)."""

    PENDING = "pending"  # accepted by the broker, not yet at the exchange
    OPEN = "open"  # working at the exchange, nothing filled yet
    PARTIALLY_FILLED = "partially_filled"
    FILLED = "filled"
    CANCELLED = "cancelled"  # possibly after a partial fill: see filled_quantity
    REJECTED = "rejected"
    EXPIRED = "expired"
    UNKNOWN = "unknown"

    @property
    def is_open(self) -> bool:
        """Still working: it may yet fill, and may be amended or cancelled."""
        return self in (OrderStatus.PENDING, OrderStatus.OPEN, OrderStatus.PARTIALLY_FILLED)

    @property
    def is_done(self) -> bool:
        """Finished: nothing more will happen to it."""
        return self in (
            OrderStatus.FILLED,
            OrderStatus.CANCELLED,
            OrderStatus.REJECTED,
            OrderStatus.EXPIRED,
        )


@dataclass(frozen=True)
class OrderRequest:
    """An order as asked for. Build it with :meth:`checked`."""

    symbol: str
    side: Side
    quantity: int
    order_type: OrderType
    price: int | None
    account: str | None = None

    @classmethod
    def checked(
        cls,
        symbol: Any,
        side: Any,
        quantity: Any,
        price: Any = None,
        order_type: Any = "LO",
        account: str | None = None,
    ) -> OrderRequest:
        """The order with every check that needs no market data: side and type known,
        quantity whole lots of 100 or an odd lot of 1-99 (limit orders only), a whole VND
        price for a limit order and none for the others."""
        sym = _inputs.symbol(symbol)
        way = Side.parse(side)
        kind = OrderType.parse(order_type)
        count = _inputs.integer(quantity, "quantity", 1, 100_000_000)
        try:
            lot = rules.lot(count)
        except ValueError as exc:
            raise ValidationError(str(exc), argument="quantity") from None
        if lot == "ODD" and kind is not OrderType.LO:
            raise ValidationError(
                f"{count} shares is an odd lot, which takes limit (LO) orders only; "
                f"send a multiple of {rules.LOT_SIZE} or make it an LO order",
                argument="order_type",
            )
        if kind.has_price:
            if price is None:
                raise ValidationError("a limit (LO) order needs a price in VND", argument="price")
            amount = _price(price)
        else:
            if price is not None:
                raise ValidationError(
                    f"a {kind} order executes at the market or auction price: leave price=None",
                    argument="price",
                )
            amount = None
        return cls(sym, way, count, kind, amount, account)

    @property
    def lot(self) -> str:
        """``"EVEN"`` (whole lots) or ``"ODD"`` (1-99 shares)."""
        return rules.lot(self.quantity)

    @property
    def value(self) -> int | None:
        """Quantity × price in VND (None for an order without a price)."""
        return None if self.price is None else self.quantity * self.price


@dataclass(frozen=True)
class DerivativeRequest:
    """A derivative order as asked for: contracts and index points. Each broker subclasses it
    with its order types (:attr:`TYPES`); build with :meth:`checked`."""

    TYPES: ClassVar[tuple[str, ...]] = ()

    symbol: str
    side: Side
    quantity: int
    order_type: str
    price: float | None

    @classmethod
    def checked(
        cls, symbol: Any, side: Any, quantity: Any, price: Any = None, order_type: Any = "LO"
    ) -> Self:
        """Side and type known (:attr:`TYPES`), a whole number of contracts, a price in
        points for LO and none for the others."""
        sym = _inputs.symbol(symbol)
        way = Side.parse(side)
        kind = _inputs.choice(order_type, cls.TYPES, "order_type")
        count = _inputs.integer(quantity, "quantity", 1, 100_000)
        points: float | None = None
        if kind == "LO":
            if price is None:
                raise ValidationError(
                    "a limit (LO) order needs a price in index points", argument="price"
                )
            points = _inputs.number(price, "price")
        elif price is not None:
            raise ValidationError(
                f"a {kind} order executes at the market or auction price: leave price=None",
                argument="price",
            )
        return cls(sym, way, count, kind, points)


def _price(value: Any) -> int:
    number = value
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int) or number <= 0:
        raise ValidationError(
            f"price must be a whole, positive number of VND (e.g. 72000, not 72.0 thousand), "
            f"got {value!r}",
            argument="price",
        )
    return number


@dataclass(frozen=True)
class MarketState:
    """What the pre-trade checks need to know about a symbol right now."""

    symbol: str
    exchange: str
    reference: float
    floor: float
    ceiling: float
    session: str
    order_types: tuple[str, ...]
    stock_type: str = "STOCK"
    last: float | None = None


@dataclass(frozen=True)
class Capacity:
    """What the account can do: VND it can spend and shares it can sell of the symbol."""

    buying_power: float | None = None
    sellable: int | None = None


def _vnd(amount: float) -> str:
    return f"{amount:,.0f}"


def check(request: OrderRequest, market: MarketState, capacity: Capacity | None = None) -> None:
    """Every pre-trade check that needs the market, in the order a trader would look.

    Raises :class:`~vnfin.errors.ValidationError` naming the problem and what would be
    accepted instead; returns quietly when the order would pass.
    """
    kind = request.order_type.value
    if kind not in market.order_types:
        allowed = ", ".join(market.order_types) or "no orders"
        raise ValidationError(
            f"{kind} orders are not accepted on {market.exchange} now: the session is "
            f"{market.session}, which allows {allowed}",
            argument="order_type",
        )
    if request.price is not None:
        price = request.price
        if not rules.on_tick(price, market.exchange, market.stock_type):
            tick = rules.tick_size(price, market.exchange, market.stock_type)
            low = rules.round_to_tick(price, market.exchange, market.stock_type, "down")
            high = rules.round_to_tick(price, market.exchange, market.stock_type, "up")
            raise ValidationError(
                f"price {_vnd(price)} is not on {market.exchange}'s {tick} VND tick at this "
                f"price: use {_vnd(low)} or {_vnd(high)}",
                argument="price",
            )
        if not market.floor <= price <= market.ceiling:
            where = "above today's ceiling" if price > market.ceiling else "below today's floor"
            raise ValidationError(
                f"price {_vnd(price)} is {where} for {market.symbol}: the band is "
                f"{_vnd(market.floor)}-{_vnd(market.ceiling)} (reference "
                f"{_vnd(market.reference)})",
                argument="price",
            )
    if capacity is None:
        return
    if request.side is Side.BUY and capacity.buying_power is not None:
        # a market order is judged at the ceiling, the most it can cost
        at = float(request.price) if request.price is not None else market.ceiling
        cost = estimate(request, at).total
        if cost > capacity.buying_power:
            raise ValidationError(
                f"buying {request.quantity:,} {request.symbol} at {_vnd(at)} needs about "
                f"{_vnd(cost)} VND with fees, more than the buying power of "
                f"{_vnd(capacity.buying_power)} VND",
                argument="quantity",
            )
    sellable = capacity.sellable
    if request.side is Side.SELL and sellable is not None and request.quantity > sellable:
        raise ValidationError(
            f"selling {request.quantity:,} {request.symbol}, but only {sellable:,} are "
            "sellable now",
            argument="quantity",
        )


@dataclass(frozen=True)
class Estimate:
    """What an order would cost or bring, in VND, before the broker's own figures."""

    side: Side
    value: float
    fees: float
    tax: float

    @property
    def total(self) -> float:
        """Cash out for a buy (value + fees), cash in for a sale (value - fees - tax)."""
        if self.side is Side.BUY:
            return self.value + self.fees
        return self.value - self.fees - self.tax


def estimate(request: OrderRequest, price: float) -> Estimate:
    """Value, fees (:data:`FEE_RATE`) and, for a sale, tax (:data:`SALE_TAX_RATE`) at ``price``."""
    value = request.quantity * price
    tax = value * SALE_TAX_RATE if request.side is Side.SELL else 0.0
    return Estimate(request.side, value, round(value * FEE_RATE), round(tax))


@dataclass(frozen=True)
class Preview:
    """A checked order that has not been sent: the request that would go on the wire and its
    estimated cost."""

    request: OrderRequest
    market: MarketState
    capacity: Capacity | None
    method: str
    target: str
    body: bytes | None
    estimate: Estimate

    @classmethod
    def of(
        cls, request: OrderRequest, market: MarketState, capacity: Capacity | None, call: Call
    ) -> Preview:
        """The preview of ``request`` as ``call`` would send it, valued at its limit price,
        else the last price, else the reference (every broker previews the same way)."""
        at = request.price if request.price is not None else (market.last or market.reference)
        return cls(
            request, market, capacity, call.method, call.target, call.body, estimate(request, at)
        )

    def _repr_html_(self) -> str:
        r, e = self.request, self.estimate
        price = "market" if r.price is None else _vnd(r.price)
        return (
            "<div><b>Order preview (not sent)</b><br>"
            f"{r.side} {r.quantity:,} {r.symbol} {r.order_type} @ {price} "
            f"on {self.market.exchange} ({self.market.session})<br>"
            f"value ≈ {_vnd(e.value)} VND, fees ≈ {_vnd(e.fees)}, tax ≈ {_vnd(e.tax)}<br>"
            f"<code>{self.method} {self.target}</code></div>"
        )


@dataclass(frozen=True)
class Order:
    """An order as the broker reports it. ``order_id`` is empty while a broker that answers
    a new order with the client's request id only (SSI) has not reported its own id yet."""

    order_id: str
    status: OrderStatus
    raw_status: str
    symbol: str
    side: Side | None
    quantity: int
    price: float | None
    order_type: str
    filled_quantity: int = 0
    average_price: float | None = None
    account: str | None = None
    created_at: pd.Timestamp | None = None
    source: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: The client's own id for the request that created the order, where the broker keeps
    #: one (SSI's ``requestID``/``uniqueID``); None otherwise.
    request_id: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def is_done(self) -> bool:
        return self.status.is_done

    @property
    def remaining_quantity(self) -> int:
        return 0 if self.status.is_done else max(self.quantity - self.filled_quantity, 0)


ORDER_COLUMNS = (
    "order_id",
    "status",
    "raw_status",
    "symbol",
    "side",
    "quantity",
    "price",
    "order_type",
    "filled_quantity",
    "average_price",
    "remaining_quantity",
    "account",
    "created_at",
)


def orders_frame(orders: Sequence[Order]) -> pd.DataFrame:
    """Orders as a frame: one row each, columns :data:`ORDER_COLUMNS`."""
    rows = [{c: getattr(o, c) for c in ORDER_COLUMNS} | {"status": o.status.value} for o in orders]
    frame = pd.DataFrame(rows, columns=list(ORDER_COLUMNS))
    for name in ("quantity", "filled_quantity", "remaining_quantity"):
        frame[name] = frame[name].astype("int64")
    for name in ("price", "average_price"):
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True).dt.tz_convert(VN_TZ)
    if TEXT is not None:  # typed even when there are no orders
        for name in ("order_id", "status", "raw_status", "symbol", "side", "order_type", "account"):
            frame[name] = frame[name].astype(TEXT)  # type: ignore[call-overload]
    return frame
