"""``dnse.account``: the investor, sub-accounts, cash, loan packages, buying power, today's
orders and deals, stock and derivative (reference §4.2–§4.5).

Every account method takes ``account=``, defaulting to the client's account: ``account=`` of
the client or ``DNSE_ACCOUNT``, else the first sub-account of :meth:`AsyncAccount.accounts`
that is not a derivative one — the first derivative one for the ``derivative_*`` methods.
Money is VND (derivative prices index points), times Vietnam time.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd

from .._faces import SyncGroup, blocking
from .._group import gather
from .._inputs import symbol as check_symbol
from .._parse import as_float
from ..account import AccountSnapshot, Position
from ..frames import NO_UNIT, VN_TZ
from ..orders import Order
from . import routes
from .group import DNSEGroup
from .parsers import trading as parse

ORDERS_UNIT = "VND (index points for derivative prices); quantities in shares or contracts"
PACKAGE_UNIT = "rates as DNSE sends them (fractions or percent: not documented); fees in VND"
PPSE_UNIT = "VND (index points for derivatives); qmax and trade_quantity in shares or contracts"


class AsyncAccount(DNSEGroup):
    """Account endpoints (awaitable). Reached as ``AsyncDNSE(...).account``."""

    name: ClassVar[str] = "account"
    host: ClassVar[str] = "api"

    async def me(self) -> pd.DataFrame:
        """The investor (``.../user-service/api/me``): a one-row frame, columns
        ``investor_id name custody_code mobile email`` and whatever else DNSE sends."""
        call = routes.me(self._layout)
        reply = await self._send(call)
        table = parse.one(reply.payload, parse.ME_FIELDS, "me")
        return self._stamped(table, [reply], call.path, unit=NO_UNIT)

    async def accounts(self) -> pd.DataFrame:
        """The sub-accounts (``.../order-service/accounts``): one row each, columns
        ``account custody_code investor_id account_type_name derivative_account`` and
        whatever else DNSE sends."""
        call = routes.accounts(self._layout)
        reply = await self._send(call)
        return self._stamped(parse.accounts(reply.payload), [reply], call.path, unit=NO_UNIT)

    async def _balance(self, account: Any, derivative: bool) -> pd.DataFrame:
        acc = await self._account(account, derivative=derivative)
        call = routes.balance(self._layout, acc)
        reply = await self._send(call)
        table = parse.one(reply.payload, parse.BALANCE_FIELDS, "account-balances")
        return self._stamped(table, [reply], call.path, unit="VND", account=acc)

    async def balance(self, account: str | None = None) -> pd.DataFrame:
        """Cash and assets (``.../account-balances/{account}``): a one-row frame, columns
        ``account custody_code total_cash available_cash withdrawable_cash total_debt
        margin_debt stock_value net_asset_value receiving_amount secure_amount
        deposit_fee_amount deposit_interest cash_dividend_receiving`` (VND)."""
        return await self._balance(account, False)

    async def derivative_balance(self, account: str | None = None) -> pd.DataFrame:
        """:meth:`balance` of the derivative account (its deposit); same columns."""
        return await self._balance(account, True)

    async def _packages_frame(self, account: Any, derivative: bool) -> pd.DataFrame:
        acc = await self._account(account, derivative=derivative)
        call = routes.loan_packages(self._layout, acc, derivative=derivative)
        reply = await self._send(call)
        table = parse.packages(reply.payload)
        return self._stamped(table, [reply], call.path, unit=PACKAGE_UNIT, account=acc)

    async def loan_packages(self, account: str | None = None) -> pd.DataFrame:
        """The loan packages an order can name (``.../loan-packages``): one row each, columns
        ``loan_package_id name type initial_rate maintenance_rate liquid_rate interest_rate
        preferential_period preferential_interest_rate term buying_fee_rate selling_fee_rate
        transfer_fee symbols``. ``type`` ``N`` is cash (no margin), ``M`` margin; an empty
        ``symbols`` list means every symbol."""
        return await self._packages_frame(account, False)

    async def derivative_loan_packages(self, account: str | None = None) -> pd.DataFrame:
        """:meth:`loan_packages` of the derivative account (``derivative-loan-packages``);
        same columns."""
        return await self._packages_frame(account, True)

    async def _ppse(
        self, symbol: Any, price: Any, loan_package: Any, account: Any, derivative: bool
    ) -> pd.DataFrame:
        acc = await self._account(account, derivative=derivative)
        sym = check_symbol(symbol)
        routes.price_param(price)  # checked before any request
        package, chosen = await self._package(acc, loan_package, derivative)
        call = routes.ppse(self._layout, acc, sym, price, package, derivative=derivative)
        reply = await self._send(call)
        table = parse.ppse(reply.payload)
        attrs = {**call.inputs, **chosen}
        return self._stamped(table, [reply], call.path, unit=PPSE_UNIT, **attrs)

    async def buying_power(
        self,
        symbol: str,
        price: float,
        loan_package: int | None = None,
        account: str | None = None,
    ) -> pd.DataFrame:
        """Buying power for ``symbol`` at ``price`` VND (``.../ppse``): a one-row frame,
        columns ``account ppse price qmax trade_quantity`` — ``ppse`` the VND the account can
        spend, ``qmax`` the most it can buy, ``trade_quantity`` the most it can sell.
        ``loan_package``: by default the account's cash package (type ``N``), named in
        ``df.attrs``."""
        return await self._ppse(symbol, price, loan_package, account, False)

    async def derivative_buying_power(
        self,
        symbol: str,
        price: float,
        loan_package: int | None = None,
        account: str | None = None,
    ) -> pd.DataFrame:
        """:meth:`buying_power` for a contract at ``price`` points (``derivative-ppse``;
        loan package by default the derivative account's first); same columns."""
        return await self._ppse(symbol, price, loan_package, account, True)

    async def _orders(self, account: Any, derivative: bool) -> tuple[str, list[Order], Any]:
        acc = await self._account(account, derivative=derivative)
        call = routes.orders(self._layout, acc, derivative=derivative)
        reply = await self._send(call)
        return acc, parse.orders(reply.payload, acc, call.path), (call, reply)

    async def _orders_frame(self, account: Any, derivative: bool) -> pd.DataFrame:
        acc, found, (call, reply) = await self._orders(account, derivative)
        table = parse.orders_table(found)
        return self._stamped(table, [reply], call.path, unit=ORDERS_UNIT, account=acc)

    async def orders(self, account: str | None = None) -> pd.DataFrame:
        """Today's orders (``.../v2/orders``): one row each, columns ``order_id status
        raw_status symbol side quantity price order_type filled_quantity average_price
        remaining_quantity account created_at loan_package_id error reject_reason trade_date
        modified_at leave_quantity cancelled_quantity last_quantity last_price fee_rate
        tax_rate price_secure initial_rate channel investor_id``; ``status`` is vnfin's,
        ``raw_status`` DNSE's (pending, pendingNew, new, partiallyFilled, filled, canceled,
        rejected, expired, doneForDay), ``reject_reason`` what ``error`` means."""
        return await self._orders_frame(account, False)

    async def derivative_orders(self, account: str | None = None) -> pd.DataFrame:
        """Today's derivative orders (``.../derivative/orders``): columns as :meth:`orders`
        (prices in points, quantities in contracts)."""
        return await self._orders_frame(account, True)

    async def _order(self, order_id: Any, account: Any, derivative: bool) -> Order:
        acc = await self._account(account, derivative=derivative)
        call = routes.order(self._layout, acc, order_id, derivative=derivative)
        reply = await self._send(call)
        return parse.one_order(reply.payload, acc, call.path)

    async def order(self, order_id: int | str, account: str | None = None) -> Order:
        """One order of today (``.../v2/orders/{id}``) as a :class:`vnfin.Order` (DNSE's
        object in its ``raw``)."""
        return await self._order(order_id, account, False)

    async def derivative_order(self, order_id: int | str, account: str | None = None) -> Order:
        """One derivative order (``.../derivative/orders/{id}``) as a :class:`vnfin.Order`."""
        return await self._order(order_id, account, True)

    async def _deals(self, account: Any, derivative: bool) -> pd.DataFrame:
        acc = await self._account(account, derivative=derivative)
        call = routes.deals(self._layout, acc, derivative=derivative)
        reply = await self._send(call)
        table = parse.deals(reply.payload, derivative=derivative)
        return self._stamped(table, [reply], call.path, unit=ORDERS_UNIT, account=acc)

    async def deals(self, account: str | None = None) -> pd.DataFrame:
        """Holdings by deal (``.../deal-service/deals``): one row per deal, columns
        ``deal_id account symbol status side loan_package_id open_quantity
        accumulate_quantity closed_quantity cost_price average_cost_price market_price
        break_even_price realized_pnl unrealized_pnl receiving_t0 receiving_t1 receiving_t2
        created_at modified_at`` and DNSE's other fields (fees, taxes, debt, dividends)
        snake_cased. ``status`` OPEN or CLOSED; P&L in VND."""
        return await self._deals(account, False)

    async def derivative_deals(self, account: str | None = None) -> pd.DataFrame:
        """Derivative positions by deal (``.../derivative-core/deals``): columns ``deal_id
        account symbol status side loan_package_id open_quantity … cost_price market_price
        realized_pnl unrealized_pnl overnight_quantity cost_price_vm`` and DNSE's other
        fields snake_cased (prices in points, P&L in VND)."""
        return await self._deals(account, True)

    async def snapshot(self, account: str | None = None) -> AccountSnapshot:
        """Cash, buying power, NAV, debt, positions and today's orders of a stock account,
        fetched together. From account-balances: cash is ``totalCash``, buying power
        ``availableCash`` (DNSE's buying power proper, ppse, is per symbol and price), NAV
        ``netAssetValue``, debt ``totalDebt``; positions are the open deals, one per symbol
        (quantities summed, cost averaged; sellable excludes shares still arriving)."""
        acc = await self._account(account)
        cash, held, book = await gather(
            self._send(routes.balance(self._layout, acc)),
            self._send(routes.deals(self._layout, acc)),
            self._send(routes.orders(self._layout, acc)),
        )
        figures = cash.payload if isinstance(cash.payload, dict) else {}

        def money(name: str) -> float:
            value = as_float(figures.get(name))
            return 0.0 if value != value else value

        return AccountSnapshot(
            source=self.source,
            as_of=pd.Timestamp.now(tz=VN_TZ),
            accounts=(acc,),
            cash=money("totalCash"),
            buying_power=money("availableCash"),
            nav=money("netAssetValue"),
            debt=money("totalDebt"),
            positions=tuple(positions(acc, parse.deals(held.payload))),
            orders=tuple(parse.orders(book.payload, acc)),
            simulated=any(r.simulated for r in (cash, held, book)),
        )


def positions(account: str, deals: pd.DataFrame) -> list[Position]:
    """Open deals → one :class:`Position` per symbol: quantities summed, the cost price
    weighted by quantity, sellable = open less what is still arriving (T0-T2)."""
    if deals.empty:
        return []
    table = deals.copy()
    table["open_quantity"] = table["open_quantity"].fillna(0).astype("int64")
    table = table[table["open_quantity"] > 0]
    arriving = table[["receiving_t0", "receiving_t1", "receiving_t2"]].fillna(0).sum(axis=1)
    table["sellable"] = (table["open_quantity"] - arriving).clip(lower=0)
    cost = table["cost_price"].fillna(table["average_cost_price"]).astype("float64")
    table["cost_value"] = cost * table["open_quantity"]
    out = []
    for symbol, rows in table.groupby("symbol", sort=False):
        quantity = int(rows["open_quantity"].sum())
        price = rows["market_price"].dropna()
        out.append(
            Position(
                account,
                str(symbol),
                quantity,
                int(rows["sellable"].sum()),
                float(rows["cost_value"].sum() / quantity),
                float(price.iloc[-1]) if len(price) else float("nan"),
            )
        )
    return out


class Account(SyncGroup[AsyncAccount]):
    """Account endpoints (blocking). Reached as ``DNSE(...).account``."""

    me = blocking(AsyncAccount.me)
    accounts = blocking(AsyncAccount.accounts)
    balance = blocking(AsyncAccount.balance)
    derivative_balance = blocking(AsyncAccount.derivative_balance)
    loan_packages = blocking(AsyncAccount.loan_packages)
    derivative_loan_packages = blocking(AsyncAccount.derivative_loan_packages)
    buying_power = blocking(AsyncAccount.buying_power)
    derivative_buying_power = blocking(AsyncAccount.derivative_buying_power)
    orders = blocking(AsyncAccount.orders)
    derivative_orders = blocking(AsyncAccount.derivative_orders)
    order = blocking(AsyncAccount.order)
    derivative_order = blocking(AsyncAccount.derivative_order)
    deals = blocking(AsyncAccount.deals)
    derivative_deals = blocking(AsyncAccount.derivative_deals)
    snapshot = blocking(AsyncAccount.snapshot)
