"""An account at a moment, the same for every broker: cash, buying power, NAV, debt, positions
and today's orders (:class:`AccountSnapshot`), with a readable table in a notebook and in a
terminal. Pure: a broker's folder fetches and maps; this module only holds and shows."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from .frames import stamp
from .orders import Order, orders_frame


@dataclass(frozen=True)
class Position:
    """A holding of one symbol in one sub-account. Money in VND."""

    account: str
    symbol: str
    quantity: int
    sellable: int
    cost_price: float
    market_price: float

    @property
    def market_value(self) -> float:
        return self.quantity * self.market_price

    @property
    def cost_value(self) -> float:
        return self.quantity * self.cost_price

    @property
    def unrealized_pnl(self) -> float:
        return self.market_value - self.cost_value

    @property
    def unrealized_pnl_percent(self) -> float:
        """Unrealised P&L in percent of cost (NaN without a cost)."""
        return self.unrealized_pnl / self.cost_value * 100 if self.cost_value else float("nan")


POSITION_COLUMNS = (
    "account",
    "symbol",
    "quantity",
    "sellable",
    "cost_price",
    "market_price",
    "market_value",
    "unrealized_pnl",
    "unrealized_pnl_percent",
)


def positions_frame(positions: Sequence[Position]) -> pd.DataFrame:
    """Positions as a frame: one row each, columns :data:`POSITION_COLUMNS`."""
    frame = pd.DataFrame(
        [{c: getattr(p, c) for c in POSITION_COLUMNS} for p in positions],
        columns=list(POSITION_COLUMNS),
    )
    for name in ("quantity", "sellable"):
        frame[name] = frame[name].astype("int64")
    for name in POSITION_COLUMNS[4:]:
        frame[name] = frame[name].astype("float64")
    return frame


@dataclass(frozen=True)
class AccountSnapshot:
    """An account as it stood at ``as_of``. Money in VND.

    ``cash``: cash balance; ``buying_power``: what can be spent on stock now; ``nav``: net
    asset value; ``debt``: margin and other debt; ``positions`` and today's ``orders`` of the
    ``accounts`` (sub-accounts) included.
    """

    source: str
    as_of: pd.Timestamp
    accounts: tuple[str, ...]
    cash: float
    buying_power: float
    nav: float
    debt: float
    positions: tuple[Position, ...] = field(default_factory=tuple)
    orders: tuple[Order, ...] = field(default_factory=tuple)
    simulated: bool = False

    @property
    def market_value(self) -> float:
        return sum(p.market_value for p in self.positions)

    @property
    def unrealized_pnl(self) -> float:
        return sum(p.unrealized_pnl for p in self.positions)

    def positions_frame(self) -> pd.DataFrame:
        """The positions as a frame (:data:`POSITION_COLUMNS`), stamped like any vnfin frame."""
        unit = "VND; quantities in shares, unrealized_pnl_percent in %"
        return self._stamp(positions_frame(self.positions), unit)

    def orders_frame(self) -> pd.DataFrame:
        """Today's orders as a frame (:data:`vnfin.orders.ORDER_COLUMNS`)."""
        return self._stamp(orders_frame(self.orders), "VND; quantities in shares")

    def _stamp(self, frame: pd.DataFrame, unit: str) -> pd.DataFrame:
        return stamp(
            frame,
            source=self.source,
            endpoint="snapshot",
            unit=unit,
            simulated=self.simulated,
            fetched_at=self.as_of,
            accounts=self.accounts,
        )

    def _lines(self) -> list[tuple[str, str]]:
        open_orders = sum(o.is_open for o in self.orders)
        return [
            ("as of", f"{self.as_of:%Y-%m-%d %H:%M:%S}"),
            ("accounts", ", ".join(self.accounts)),
            ("NAV", f"{self.nav:,.0f} VND"),
            ("cash", f"{self.cash:,.0f} VND"),
            ("buying power", f"{self.buying_power:,.0f} VND"),
            ("debt", f"{self.debt:,.0f} VND"),
            ("market value", f"{self.market_value:,.0f} VND"),
            ("unrealised P&L", f"{self.unrealized_pnl:+,.0f} VND"),
            ("orders today", f"{len(self.orders)} ({open_orders} open)"),
        ]

    def __repr__(self) -> str:
        title = f"AccountSnapshot ({self.source}{', SIMULATED' if self.simulated else ''})"
        width = max(len(k) for k, _ in self._lines())
        lines = [title] + [f"  {k.ljust(width)}  {v}" for k, v in self._lines()]
        if self.positions:
            table = (
                self.positions_frame()
                .drop(columns="account")
                .to_string(index=False, float_format=lambda v: f"{v:,.2f}")
            )
            lines += ["  positions:"] + ["    " + line for line in table.splitlines()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in self._lines()
        )
        note = " <i>(simulated)</i>" if self.simulated else ""
        parts = [f"<b>Account snapshot — {html.escape(self.source)}</b>{note}<table>{rows}</table>"]
        if self.positions:
            parts.append(
                self.positions_frame().to_html(index=False, float_format=lambda v: f"{v:,.2f}")
            )
        return "<div>" + "".join(parts) + "</div>"
