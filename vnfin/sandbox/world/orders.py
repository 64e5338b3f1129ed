"""Orders at the simulated exchanges, in no broker's words: what was asked, what happened.

An :class:`Order` records what the account asked for (side, symbol, order type, quantity, limit
price), where it stands (:class:`State`), its fills and, when refused, why (:class:`Reason`).
The dialects translate states and reasons into their brokers' words and codes (Finhay:
:mod:`vnfin.sandbox.finhay.orders`).

Order types are the exchanges' own (reference §2.12, §3): ``LO`` (limit), ``MP`` (HOSE market),
``MTL`` (market-to-limit; HOSE's post-KRX name for ``MP``), ``MAK``/``FAK`` and ``MOK``/``FOK``
(HNX fill-and-kill, fill-or-kill), ``ATO``/``ATC`` (opening and closing auctions), ``PLO`` (HNX
post-close session). :func:`behaviour` folds the aliases onto the rule each follows.

Costs (the sandbox's choice, the rates the client's previews assume): a broker fee of
:data:`FEE_RATE` (0.15 %) of the matched value on both sides, and the sale tax of
:data:`SALE_TAX_RATE` (0.1 %) of the matched value of a sale, each rounded to whole VND over
the order's whole matched value (so an order's fee is the same however its fills fell).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

FEE_RATE = 0.0015
SALE_TAX_RATE = 0.001
LOT = 100
MAX_QUANTITY = 500_000  # shares per order (HOSE's cap; the sandbox applies it everywhere)

ORDER_TYPES = ("LO", "MP", "MTL", "MAK", "FAK", "MOK", "FOK", "ATO", "ATC", "PLO")
#: The rule an order type follows: MP and MTL turn their rest into a limit order, MAK (FAK)
#: cancels its rest, MOK (FOK) fills in full or not at all.
BEHAVIOUR = {
    "LO": "LO",
    "MP": "MTL",
    "MTL": "MTL",
    "MAK": "MAK",
    "FAK": "MAK",
    "MOK": "MOK",
    "FOK": "MOK",
    "ATO": "ATO",
    "ATC": "ATC",
    "PLO": "PLO",
}
#: The name the session tables use for an alias: where ``MP`` is allowed on HOSE, so is its
#: post-KRX name ``MTL``; HNX's ``FAK``/``FOK`` are its ``MAK``/``MOK`` (reference §2.12).
SESSION_NAME = {("HOSE", "MTL"): "MP", ("HNX", "FAK"): "MAK", ("HNX", "FOK"): "MOK"}


def behaviour(order_type: str) -> str:
    """The rule ``order_type`` follows (``LO``, ``MTL``, ``MAK``, ``MOK``, ``ATO``, ``ATC``,
    ``PLO``)."""
    return BEHAVIOUR[order_type]


def session_name(exchange: str, order_type: str) -> str:
    """The name to look ``order_type`` up under in the exchange's session table."""
    return SESSION_NAME.get((exchange, order_type), order_type)


def fee(value: float) -> int:
    """The broker fee on a matched value (VND)."""
    return round(FEE_RATE * value)


def sale_tax(value: float) -> int:
    """The tax on the matched value of a sale (VND)."""
    return round(SALE_TAX_RATE * value)


class Side(StrEnum):
    BUY = "BUY"
    SELL = "SELL"


class State(StrEnum):
    """Where an order stands."""

    WORKING = "working"  # accepted, nothing matched yet
    PARTIAL = "partial"  # part matched, the rest still working
    FILLED = "filled"
    CANCELLED = "cancelled"  # by the account, or the rest of a MAK/MOK; fills stay
    EXPIRED = "expired"  # what was left at the end of its session or day
    REJECTED = "rejected"


class Reason(StrEnum):
    """Why an order, an amendment or a cancellation was refused."""

    ACCOUNT_NOT_ALLOWED = "account_not_allowed"  # the sub-account takes no API orders
    UNKNOWN_SYMBOL = "unknown_symbol"
    HALTED = "halted"
    MARKET_CLOSED = "market_closed"
    TYPE_NOT_IN_SESSION = "type_not_in_session"  # also: amend or cancel not allowed now
    ODD_LOT_NOT_LO = "odd_lot_not_lo"
    NOT_WHOLE_LOTS = "not_whole_lots"  # over 99 shares but not whole lots, or lot class changed
    TOO_LARGE = "too_large"
    OFF_TICK = "off_tick"
    OUTSIDE_BAND = "outside_band"
    BUYING_POWER = "buying_power"
    NOT_ENOUGH_SHARES = "not_enough_shares"
    NOT_AMENDABLE = "not_amendable"  # only limit prices can be amended
    MATCHED_PART = "matched_part"  # would touch the matched part, or nothing is left working


@dataclass(frozen=True)
class Fill:
    at: float  # epoch seconds
    quantity: int
    price: int  # VND


@dataclass
class Order:
    """One order of one sub-account. ``limit`` is the price asked for (None for the market
    and auction types); ``price`` the price it works at now (a market-to-limit order's rest
    takes the price it matched at)."""

    id: str
    account: str  # the sub-account's id
    symbol: str
    exchange: str
    side: Side
    type: str  # as sent: one of ORDER_TYPES
    quantity: int
    limit: int | None
    placed: float  # epoch seconds
    day: int  # index of its trading day in the engine's calendar
    session: str  # the exchange's session when it was placed
    state: State = State.WORKING
    price: int | None = None
    reason: Reason | None = None
    detail: str = ""  # the refusal in words
    fills: list[Fill] = field(default_factory=list)
    cancelled: int = 0  # shares cancelled or expired
    amended: int = 0  # how many times it was amended
    updated: float = 0.0
    cursor: float = 0.0  # matching: prints at or before this moment have been seen
    market_step_done: bool = False  # a market order has had its one market match
    taken: dict[float, int] = field(default_factory=dict)  # shares taken from each print

    def __post_init__(self) -> None:
        if self.price is None:
            self.price = self.limit
        self.updated = self.updated or self.placed

    @property
    def rule(self) -> str:
        return behaviour(self.type)

    @property
    def filled(self) -> int:
        return sum(f.quantity for f in self.fills)

    @property
    def remaining(self) -> int:
        """Shares still working (0 once the order is done)."""
        return self.quantity - self.filled if self.is_working else 0

    @property
    def value(self) -> int:
        """The matched value (VND)."""
        return sum(f.quantity * f.price for f in self.fills)

    @property
    def average_price(self) -> int:
        """The average matched price, rounded to whole VND (0 before any match)."""
        return round(self.value / self.filled) if self.fills else 0

    @property
    def fee(self) -> int:
        return fee(self.value)

    @property
    def tax(self) -> int:
        return sale_tax(self.value) if self.side is Side.SELL else 0

    @property
    def is_working(self) -> bool:
        return self.state in (State.WORKING, State.PARTIAL)

    @property
    def odd_lot(self) -> bool:
        return self.quantity < LOT

    def finish(self, state: State, at: float) -> None:
        """End the order: what was left is ``cancelled`` (``state`` CANCELLED or EXPIRED)."""
        self.cancelled = self.quantity - self.filled
        self.state = state
        self.updated = at
