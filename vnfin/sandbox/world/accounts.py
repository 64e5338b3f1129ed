"""Brokerage accounts in the simulated world: sub-accounts, cash and holdings with T+2
settlement. Broker-neutral; the dialects give the fields their brokers' names.

* An :class:`Account` is one investor (user id, customer id, name, depository number) with
  :class:`SubAccount` s. A sub-account has a short id (``0001234569``, the one in URL paths),
  a suffix (``.4``) and so an extended id (depository number + suffix, ``120C001234.4``), a
  kind (``Normal`` or ``Margin``), settled cash and :class:`Position` s.
* **Settlement, T+2 in trading days.** Shares bought on trading day *d* are *receiving* until
  the start of trading day *d* + 2, then settled and sellable; shares sold leave the position
  at once and are *sending* until *d* + 2. The cash of a purchase (value and fee) leaves the
  settled cash at the fill; the proceeds of a sale (value less fee and tax) are *receiving*
  until *d* + 2, then join the settled cash. "In N days" buckets count trading days from today.
* **Cost.** A position's cost is what its shares cost, fees included; a sale takes out the
  average cost of the shares sold, so the cost price does not move on a sale.
* **History.** Shares a position was given (by the default seed or :meth:`SubAccount.set`)
  count as held since before any corporate event; trades are kept by trading day, so the
  shares held before any ex-date can be told (:meth:`SubAccount.held_before`).

:func:`default_account` builds the account the sandbox starts with (user 123456, customer
0001234500, "Nguyễn Văn A", depository number 120C001234), all settled:

* ``0001234567`` ``.1`` Normal: 100,000,000 VND; VNM 1,000, FPT 500;
* ``0001234568`` ``.6`` Margin: 50,000,000 VND and a 300,000,000 VND credit line the sandbox
  never draws on; HPG 2,000;
* ``0001234569`` ``.4`` Normal, the order-execution sub-account: 500,000,000 VND; VNM 1,000,
  HPG 5,000, FPT 300 (HOSE), SHS 3,000, PVS 1,000 (HNX), ACV 500 (UPCOM).

Their cost prices come from the seed (:func:`seeded_cost`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .engine import MarketEngine
from .orders import Side
from .seeded import rng


@dataclass
class Position:
    """One symbol held by one sub-account (shares, VND)."""

    symbol: str
    settled: int = 0
    cost: float = 0.0  # of every share held, settled or receiving, fees included
    receiving: dict[int, int] = field(default_factory=dict)  # settlement day → shares bought
    sending: dict[int, int] = field(default_factory=dict)  # settlement day → shares sold
    opening: int = 0  # held since before the account's recorded history

    @property
    def total(self) -> int:
        """Settled and receiving shares."""
        return self.settled + sum(self.receiving.values())

    @property
    def cost_price(self) -> float:
        return self.cost / self.total if self.total else 0.0


@dataclass(frozen=True)
class Trade:
    """A fill as the ledger keeps it: the trading day, what and how much."""

    day: int
    symbol: str
    side: Side
    quantity: int


@dataclass
class SubAccount:
    id: str  # the short id, e.g. "0001234569"
    suffix: str  # e.g. ".4"
    kind: str  # "Normal" or "Margin"
    custody: str  # the depository number, e.g. "120C001234"
    cash: int = 0  # settled cash, VND
    takes_orders: bool = False  # whether orders may be placed through the API
    margin_limit: int = 0  # credit line (VND); the sandbox lends nothing
    positions: dict[str, Position] = field(default_factory=dict)
    cash_receiving: dict[int, int] = field(default_factory=dict)  # settlement day → VND
    trades: list[Trade] = field(default_factory=list)
    credited: set[int] = field(default_factory=set)  # corporate events already carried out

    @property
    def ext(self) -> str:
        """The extended id: depository number and suffix (``120C001234.4``)."""
        return self.custody + self.suffix

    def position(self, symbol: str) -> Position:
        found = self.positions.get(symbol)
        if found is None:
            found = self.positions[symbol] = Position(symbol)
        return found

    def bought(self, day: int, symbol: str, quantity: int, cost: int, settles: int) -> None:
        """A purchase fill: ``cost`` is its value plus the fee it added."""
        p = self.position(symbol)
        p.receiving[settles] = p.receiving.get(settles, 0) + quantity
        p.cost += cost
        self.cash -= cost
        self.trades.append(Trade(day, symbol, Side.BUY, quantity))

    def sold(self, day: int, symbol: str, quantity: int, proceeds: int, settles: int) -> None:
        """A sale fill of settled shares: ``proceeds`` is its value less the fee and tax."""
        p = self.position(symbol)
        p.cost -= p.cost_price * quantity
        p.settled -= quantity
        p.sending[settles] = p.sending.get(settles, 0) + quantity
        self.cash_receiving[settles] = self.cash_receiving.get(settles, 0) + proceeds
        self.trades.append(Trade(day, symbol, Side.SELL, quantity))

    def settle(self, today: int) -> None:
        """Carry out every settlement due by trading day ``today``."""
        for p in self.positions.values():
            for day in [d for d in p.receiving if d <= today]:
                p.settled += p.receiving.pop(day)
            for day in [d for d in p.sending if d <= today]:
                del p.sending[day]
        for day in [d for d in self.cash_receiving if d <= today]:
            self.cash += self.cash_receiving.pop(day)

    def held_before(self, symbol: str, day: int) -> int:
        """Shares of ``symbol`` bought and not sold on trading days up to ``day``, plus the
        opening shares: what a register closed after ``day`` + 2 would show."""
        p = self.positions.get(symbol)
        held = p.opening if p else 0
        for t in self.trades:
            if t.symbol == symbol and t.day <= day:
                held += t.quantity if t.side is Side.BUY else -t.quantity
        return max(held, 0)

    def set(
        self, cash: int | None, holdings: Mapping[str, int], costs: Mapping[str, float]
    ) -> None:
        """Set settled cash and settled shares (what :meth:`Desk.fund` does); shares given
        here count as held since before any corporate event."""
        if cash is not None:
            self.cash = cash
        for symbol, quantity in holdings.items():
            p = self.position(symbol)
            traded = sum(
                t.quantity if t.side is Side.BUY else -t.quantity
                for t in self.trades
                if t.symbol == symbol
            )
            p.settled, p.receiving = quantity, {}
            p.cost = quantity * costs[symbol]
            p.opening = quantity - traded
            if not quantity and not p.sending:
                del self.positions[symbol]


@dataclass
class Account:
    """One investor and their sub-accounts (by short id, in listing order)."""

    user_id: int
    cust_id: str
    name: str
    custody: str
    subs: dict[str, SubAccount]

    def find(self, ref: str) -> SubAccount | None:
        """A sub-account by short id, extended id or suffix (``.4``)."""
        for sub in self.subs.values():
            if ref in (sub.id, sub.ext, sub.suffix):
                return sub
        return None


DEFAULT_USER = 123456
DEFAULT_SUBS = (  # short id, suffix, kind, cash, holdings
    ("0001234567", ".1", "Normal", 100_000_000, {"VNM": 1_000, "FPT": 500}),
    ("0001234568", ".6", "Margin", 50_000_000, {"HPG": 2_000}),
    (
        "0001234569",
        ".4",
        "Normal",
        500_000_000,
        {"VNM": 1_000, "HPG": 5_000, "FPT": 300, "SHS": 3_000, "PVS": 1_000, "ACV": 500},
    ),
)
MARGIN_LIMIT = 300_000_000


def seeded_cost(engine: MarketEngine, symbol: str) -> float:
    """A cost price for a seeded holding: the listing's reference price ×0.8–1.1, on the
    tick grid (fixed per seed and symbol)."""
    inst = engine.instruments[symbol]
    factor = float(rng(engine.seed, "account-cost", symbol).uniform(0.8, 1.1))
    return float(engine.round(symbol, inst.reference_price * factor))


def default_account(engine: MarketEngine) -> Account:
    """The account every sandbox starts with (see the module docstring)."""
    custody = "120C001234"
    subs = {}
    for short, suffix, kind, cash, holdings in DEFAULT_SUBS:
        sub = SubAccount(short, suffix, kind, custody, takes_orders=suffix == ".4")
        sub.margin_limit = MARGIN_LIMIT if kind == "Margin" else 0
        sub.set(cash, holdings, {s: seeded_cost(engine, s) for s in holdings})
        subs[short] = sub
    return Account(DEFAULT_USER, "0001234500", "Nguyễn Văn A", custody, subs)
