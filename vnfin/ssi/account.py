"""``ssi.account``: the user's own SSI accounts (FastConnect Trading reads, reference §1.6,
§1.8).

Every method takes ``account=`` (``"1234567"``; the derivative sub-account is the account
number followed by ``8``), defaulting to the client's account — its derivative account for
the ``derivative_*`` methods. Money is VND, derivative prices index points, times Vietnam
time.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd

from .._faces import SyncGroup, blocking
from .._group import gather
from .._inputs import symbol as check_symbol
from .._parse import Fields, as_float
from ..account import AccountSnapshot, Position
from ..frames import VN_TZ
from ..orders import Order, orders_frame
from . import trading_routes as routes
from .group import SSIGroup
from .parsers import common
from .parsers import trading as parse

SHARES_VND = "VND (index points for derivative prices); quantities in shares or contracts"
ENDPOINT = routes.TRADING

CAPACITY_FIELDS: Fields = {
    "account": ("account", "str"),
    "maxbuyqty": ("max_buy_quantity", "int"),
    "maxsellqty": ("max_sell_quantity", "int"),
    "marginratio": ("margin_ratio", "str"),
    "purchasingpower": ("purchasing_power", "float"),
}


def book_frame(found: list[Order]) -> pd.DataFrame:
    """Orders as a frame: :data:`vnfin.orders.ORDER_COLUMNS`, then ``request_id market
    cancelled_quantity modified_at reject_reason is_force_sell is_short_sell`` (and
    ``last_error`` from the audit book)."""
    table = orders_frame(found)
    extras = parse.order_extras(found)
    for name in extras.columns:
        table[name] = extras[name].to_numpy()
    return table


class AsyncAccount(SSIGroup):
    """Account endpoints (awaitable). Reached as ``AsyncSSI(...).account``."""

    name: ClassVar[str] = "account"
    host: ClassVar[str] = "trading"

    async def _book(self, route: Any, account: Any, derivative: bool = False) -> Any:
        acc = self._ssi.account_for(account, derivative=derivative)
        call = route(acc)
        reply = await self._send(call)
        name = call.path.rsplit("/", 1)[-1]
        return acc, parse.orders(reply.payload, name, acc), reply, call.path

    async def order_book(self, account: str | None = None) -> pd.DataFrame:
        """Today's orders (orderBook): one row each, columns ``order_id status raw_status
        symbol side quantity price order_type filled_quantity average_price
        remaining_quantity account created_at request_id market cancelled_quantity
        modified_at reject_reason is_force_sell is_short_sell``; ``status`` is vnfin's,
        ``raw_status`` SSI's (WA, RS, SD, QU, PF, FF, CL, RJ …), ``request_id`` the
        ``requestID`` the order was placed with."""
        acc, found, reply, path = await self._book(routes.order_book, account)
        return self._stamped(book_frame(found), [reply], path, unit=SHARES_VND, account=acc)

    async def audit_order_book(self, account: str | None = None) -> pd.DataFrame:
        """Today's orders with their error events (auditOrderBook): columns as
        :meth:`order_book`, plus ``last_error`` where SSI reports one."""
        acc, found, reply, path = await self._book(routes.audit_order_book, account)
        return self._stamped(book_frame(found), [reply], path, unit=SHARES_VND, account=acc)

    async def order_history(self, start: Any, end: Any, account: str | None = None) -> pd.DataFrame:
        """Orders placed from ``start`` to ``end`` (inclusive dates; orderHistory): columns as
        :meth:`order_book`."""
        acc = self._ssi.account_for(account)
        call = routes.order_history(acc, start, end)
        reply = await self._send(call)
        found = parse.orders(reply.payload, "orderHistory", acc)
        return self._stamped(book_frame(found), [reply], call.path, unit=SHARES_VND, account=acc)

    async def stock_position(self, account: str | None = None) -> pd.DataFrame:
        """Stock holdings (stockPosition): one row per symbol, columns ``account market
        symbol quantity on_hand sellable blocked bonus mortgage hold_for_trade buy_t0 buy_t1
        buy_t2 sell_t0 sell_t1 sell_t2 cost_price market_price`` (``quantity`` = ``on_hand``
        + shares bought and not yet settled)."""
        acc = self._ssi.account_for(account)
        call = routes.stock_position(acc)
        reply = await self._send(call)
        return self._stamped(
            parse.stock_positions(reply.payload), [reply], call.path, unit=SHARES_VND
        )

    async def _figures(self, route: Any, account: Any, derivative: bool = False) -> pd.DataFrame:
        acc = self._ssi.account_for(account, derivative=derivative)
        call = route(acc)
        reply = await self._send(call)
        name = call.path.rsplit("/", 1)[-1]
        table = parse.one_row(reply.payload, name)
        return self._stamped(table, [reply], call.path, unit="VND", account=acc)

    async def cash_balance(self, account: str | None = None) -> pd.DataFrame:
        """Cash (cashAcctBal): a one-row frame, columns SSI's fields snake_cased — ``account
        cash_bal cash_on_hold secure_amount withdrawable receiving_cash_t_1 … debt
        purchasing_power total_assets`` (VND)."""
        return await self._figures(routes.cash_balance, account)

    async def margin(self, account: str | None = None) -> pd.DataFrame:
        """Purchasing power and margin (ppmmraccount): a one-row frame, columns SSI's fields
        snake_cased — ``purchasing_power ee equity liability debt margin_ratio margin_call
        total_assets …`` (VND)."""
        return await self._figures(routes.margin, account)

    async def derivative_balance(self, account: str | None = None) -> pd.DataFrame:
        """Derivative account balance (derivAcctBal): a one-row frame, columns ``account
        account_balance fee commission … withdrawable`` and the nested groups flattened
        (``internal_assets_cash``, ``exchange_margin_margin_req`` …), VND."""
        return await self._figures(routes.derivative_balance, account, derivative=True)

    async def derivative_position(
        self, account: str | None = None, summary: bool = True
    ) -> pd.DataFrame:
        """Derivative positions (derivPosition): one row per contract and status, columns
        ``account status market symbol long short net bid_average_price ask_average_price
        trade_price market_price floating_pnl trading_pnl``. ``summary``: net positions
        (SSI's ``querySummary``)."""
        acc = self._ssi.account_for(account, derivative=True)
        call = routes.derivative_position(acc, summary)
        reply = await self._send(call)
        table = parse.derivative_positions(reply.payload)
        return self._stamped(table, [reply], call.path, unit=SHARES_VND, account=acc)

    async def _capacity(
        self, route: Any, symbol: str, price: Any, account: Any, derivative: bool
    ) -> pd.DataFrame:
        acc = self._ssi.account_for(account, derivative=derivative)
        call = route(acc, check_symbol(symbol), price)
        reply = await self._send(call)
        table = common.frame([parse.one(reply.payload, "capacity")], CAPACITY_FIELDS)
        return self._stamped(table, [reply], call.path, unit=SHARES_VND, symbol=symbol)

    async def max_buy_quantity(
        self,
        symbol: str,
        price: float,
        account: str | None = None,
        *,
        derivative: bool = False,
    ) -> pd.DataFrame:
        """How many of ``symbol`` the account can buy at ``price`` (maxBuyQty; VND, or
        points with ``derivative=True``, which defaults to the derivative account): a
        one-row frame, columns ``account max_buy_quantity max_sell_quantity margin_ratio
        purchasing_power``."""
        return await self._capacity(routes.max_buy_quantity, symbol, price, account, derivative)

    async def max_sell_quantity(
        self,
        symbol: str,
        price: float | None = None,
        account: str | None = None,
        *,
        derivative: bool = False,
    ) -> pd.DataFrame:
        """How many of ``symbol`` the account can sell (maxSellQty): a one-row frame, columns
        as :meth:`max_buy_quantity`."""
        return await self._capacity(routes.max_sell_quantity, symbol, price, account, derivative)

    async def snapshot(self, account: str | None = None) -> AccountSnapshot:
        """Cash, buying power, NAV, debt, positions and today's orders of a stock account,
        fetched together. From cashAcctBal: cash is ``cashBal``, buying power
        ``purchasingPower``, debt ``debt`` and NAV ``totalAssets - debt``; positions from
        stockPosition (quantity as :meth:`stock_position`); orders from orderBook."""
        acc = self._ssi.account_for(account)
        cash, holdings, book = await gather(
            self._send(routes.cash_balance(acc)),
            self._send(routes.stock_position(acc)),
            self._send(routes.order_book(acc)),
        )
        figures = parse.one(cash.payload, "cashAcctBal")

        def money(*names: str) -> float:
            value = as_float(common.field(figures, *names))
            return 0.0 if value != value else value

        debt = money("debt")
        held = parse.stock_positions(holdings.payload)
        positions = [
            Position(
                acc, str(symbol), _whole(quantity), _whole(sellable), _money(cost), _money(price)
            )
            for symbol, quantity, sellable, cost, price in zip(
                held["symbol"],
                held["quantity"],
                held["sellable"],
                held["cost_price"],
                held["market_price"],
                strict=True,
            )
        ]
        return AccountSnapshot(
            source=self.source,
            as_of=pd.Timestamp.now(tz=VN_TZ),
            accounts=(acc,),
            cash=money("cashBal"),
            buying_power=money("purchasingPower"),
            nav=money("totalAssets") - debt,
            debt=debt,
            positions=tuple(positions),
            orders=tuple(parse.orders(book.payload, "orderBook", acc)),
            simulated=any(r.simulated for r in (cash, holdings, book)),
        )


def _whole(value: Any) -> int:
    number = as_float(value)
    return 0 if number != number else int(number)


def _money(value: Any) -> float:
    return as_float(value)


class Account(SyncGroup[AsyncAccount]):
    """Account endpoints (blocking). Reached as ``SSI(...).account``."""

    order_book = blocking(AsyncAccount.order_book)
    audit_order_book = blocking(AsyncAccount.audit_order_book)
    order_history = blocking(AsyncAccount.order_history)
    stock_position = blocking(AsyncAccount.stock_position)
    cash_balance = blocking(AsyncAccount.cash_balance)
    margin = blocking(AsyncAccount.margin)
    derivative_balance = blocking(AsyncAccount.derivative_balance)
    derivative_position = blocking(AsyncAccount.derivative_position)
    max_buy_quantity = blocking(AsyncAccount.max_buy_quantity)
    max_sell_quantity = blocking(AsyncAccount.max_sell_quantity)
    snapshot = blocking(AsyncAccount.snapshot)
