"""``fh.account``: the user's own Finhay account, Tier 2, signed (reference §1.10, §2.9–§2.11,
§2.13).

Every method takes ``sub_account=`` (see :mod:`vnfin.finhay.profile`). Cash and holdings
default to every sub-account, with a ``sub_account`` column telling them apart; order reads
default to the order-execution sub-account. Money is VND, times are Vietnam time.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd

from .._call import Reply
from .._faces import SyncGroup, blocking
from .._group import Group, gather
from ..account import AccountSnapshot, Position
from ..frames import NO_UNIT, VN_TZ, numeric, stamp
from ..orders import Order, Side, orders_frame
from . import trading_routes as routes
from .parsers import trading as parse
from .profile import Profile, SubAccount

SHARES_VND = "VND; quantities in shares"


class TradingGroup(Group):
    """A group that acts for the user: it shares the client's :class:`Profile` and
    credentials."""

    _profile: Profile
    _credentials: Any

    @classmethod
    def build(cls, core: Any) -> Group:
        group = cls(core.sessions[cls.host], core.source)
        group._profile = core.profile
        group._credentials = core.credentials
        return group

    def _frame_of(
        self, frame: pd.DataFrame, replies: list[Any], endpoint: str, *, unit: str, **attrs: Any
    ) -> pd.DataFrame:
        simulated = any(r.simulated for r in replies)
        return stamp(
            frame, source=self.source, endpoint=endpoint, simulated=simulated, unit=unit, **attrs
        )


def book_frame(orders: list[Order]) -> pd.DataFrame:
    """Orders as a frame (:data:`vnfin.orders.ORDER_COLUMNS`), plus ``allow_amend``,
    ``allow_cancel`` and the exchange's ``message`` from the order book."""
    frame = orders_frame(orders)
    frame["allow_amend"] = [str(o.raw.get("allowamend", "")).upper() == "Y" for o in orders]
    frame["allow_cancel"] = [str(o.raw.get("allowcancel", "")).upper() == "Y" for o in orders]
    frame["message"] = pd.Series([o.raw.get("feedbackmsg") or None for o in orders], dtype=object)
    return frame


class AsyncAccount(TradingGroup):
    """Account endpoints (awaitable). Reached as ``AsyncFinhay(...).account``."""

    name: ClassVar[str] = "account"

    async def me(self) -> pd.DataFrame:
        """The user: a one-row frame, column ``user_id``."""
        uid = await self._profile.user_id()
        return stamp(
            pd.DataFrame({"user_id": [uid]}),
            source=self.source,
            endpoint="/users/v1/users/me",
            unit=NO_UNIT,
        )

    async def sub_accounts(self) -> pd.DataFrame:
        """The user's sub-accounts: columns ``id sub_account_ext type is_order``; ``id`` goes
        in paths, ``sub_account_ext`` in order bodies, ``is_order`` marks the one Finhay takes
        Open API orders on (extended id ending ``.4``)."""
        accounts = await self._profile.accounts()
        frame = pd.DataFrame(
            {
                "id": [a.id for a in accounts],
                "sub_account_ext": [a.ext for a in accounts],
                "type": [a.type for a in accounts],
                "is_order": [a.is_order for a in accounts],
            }
        )
        endpoint = "/users/v1/users/{userId}/sub-accounts"
        return stamp(frame, source=self.source, endpoint=endpoint, unit=NO_UNIT)

    async def assets(self) -> pd.DataFrame:
        """Net worth across every Finhay product: a one-row frame, nested groups flattened into
        columns ``net_asset_value products_total products_stock products_fund … money_total
        money_ci_balance … debt_total … pnl_stock_pnl pnl_stock_pnl_rate …`` (VND; rates %)."""
        reply = await self._profile.read_user(routes.assets)
        frame = parse.one_row(reply.payload, "assets/summary")
        return self._frame_of(frame, [reply], "/users/v3/users/{userId}/assets/summary", unit="VND")

    async def summary(self, sub_account: str | None = None) -> pd.DataFrame:
        """Cash, margin and debt of each sub-account: one row each, index ``sub_account``,
        columns as Finhay sends them (``balance ci_balance net_asset_value total_debt_amt
        margin_rate …``), VND."""
        pairs = await self._profile.read(sub_account, "holdings", routes.summary)
        replies = [r for _, r in pairs]
        frame = pd.concat([parse.one_row(r.payload, "summary") for r in replies], ignore_index=True)
        frame.index = pd.Index([a.id for a, _ in pairs], name="sub_account")
        return self._frame_of(
            frame, replies, "/trading/accounts/{subAccountId}/summary", unit="VND"
        )

    async def portfolio(self, sub_account: str | None = None) -> pd.DataFrame:
        """Stock holdings: one row per sub-account and symbol. Columns ``sub_account symbol
        securities_type quantity sellable cost_price reference market_price pnl_amount
        pnl_percent is_sellable`` plus what else Finhay sends; VND, ``pnl_percent`` in %.
        ``df.attrs["is_snapshot"]``: True outside trading hours (end-of-session prices)."""
        pairs = await self._profile.read(sub_account, "holdings", routes.portfolio)
        replies = [r for _, r in pairs]
        parts, snapshots = [], []
        for account, reply in pairs:
            frame, snapshot = parse.portfolio(reply.payload)
            frame["sub_account"] = account.id
            parts.append(frame)
            snapshots.append(snapshot)
        frame = pd.concat(parts, ignore_index=True)
        return self._frame_of(
            frame,
            replies,
            "/trading/v2/sub-accounts/{subAccountId}/portfolio",
            unit="VND; quantities in shares, pnl_percent in %",
            is_snapshot=any(s for s in snapshots if s),
        )

    async def pnl_today(self, sub_account: str | None = None) -> pd.DataFrame:
        """Today's P&L: a one-row frame, columns ``sub_account pnl_amount pnl_rate`` (VND, %); all
        sub-accounts together unless one is named."""
        account = None
        if sub_account is not None:
            account = (await self._profile.one(sub_account, "holdings")).id
        reply = await self._profile.read_user(routes.pnl_today, account)
        frame = parse.one_row(reply.payload, "pnl-today").rename(
            columns={"sub_account_id": "sub_account"}
        )
        return self._frame_of(frame, [reply], "/trading/pnl-today/{userId}", unit="VND")

    async def rights(
        self, start: Any = None, end: Any = None, sub_account: str | None = None
    ) -> pd.DataFrame:
        """Shareholder rights (dividends, rights issues, meetings …), newest report first: one
        row per right, columns the camelCase fields snake_cased (``symbol type status
        user_right_register_status own_number_of_share ratio amount action_date report_date
        …``), plus ``sub_account``. ``start``/``end`` filter by date."""
        pairs = await self._profile.read(sub_account, "holdings", routes.rights, start, end)
        replies = [r for _, r in pairs]
        parts = []
        for account, reply in pairs:
            frame = parse.rights(reply.payload)
            frame.insert(0, "sub_account", account.id)
            parts.append(frame)
        frame = pd.concat(parts, ignore_index=True).sort_values(
            "report_date", ascending=False, kind="stable", ignore_index=True
        )
        return self._frame_of(
            frame, replies, "/trading/v5/account/{subAccountId}/user-rights", unit=SHARES_VND
        )

    async def _book(self, which: str | None) -> tuple[SubAccount, list[Order], Reply]:
        [(account, reply)] = await self._profile.read(which, "order", routes.order_book)
        return account, [parse.order_from_book(r) for r in parse.book(reply.payload)], reply

    async def order_book(self, sub_account: str | None = None) -> pd.DataFrame:
        """Today's orders: one row each, columns ``order_id status raw_status symbol side
        quantity price order_type filled_quantity average_price remaining_quantity account
        created_at allow_amend allow_cancel message``; ``status`` is vnfin's (pending, open,
        partially_filled, filled, cancelled, rejected, expired), ``raw_status`` Finhay's."""
        account, orders, reply = await self._book(sub_account)
        return self._frame_of(
            book_frame(orders),
            [reply],
            "/trading/v1/accounts/{subAccountId}/order-book",
            sub_account=account.id,
            unit=SHARES_VND,
        )

    async def order(self, order_id: str, sub_account: str | None = None) -> pd.DataFrame:
        """One order from today's book: a one-row frame, columns as :meth:`order_book`."""
        [(account, reply)] = await self._profile.read(sub_account, "order", routes.order, order_id)
        row = parse.book(reply.payload)[0] if reply.payload else {}
        return self._frame_of(
            book_frame([parse.order_from_book(row)]),
            [reply],
            "/trading/v1/accounts/{subAccountId}/order-book/{orderId}",
            sub_account=account.id,
            unit=SHARES_VND,
        )

    async def order_history(
        self,
        start: Any,
        end: Any,
        sub_account: str | None = None,
        *,
        status: str | None = None,
        symbol: str | None = None,
    ) -> pd.DataFrame:
        """Orders between ``start`` and ``end`` (inclusive dates), every page: columns as
        :meth:`order_book` without the book's flags, plus ``fee_amount tax_amount
        execute_amount`` (VND)."""
        account = await self._profile.one(sub_account, "order")
        routes.order_history(account.id, start, end, 1, status, symbol)  # inputs checked once
        orders: list[Order] = []
        seen: set[str] = set()
        replies = []
        for page in range(1, MAX_PAGES + 1):
            [(_, reply)] = await self._profile.read(
                account.id, "order", routes.order_history, start, end, page, status, symbol
            )
            replies.append(reply)
            fresh = [
                parse.order_from_response(r)
                for r in parse.history(reply.payload)
                if str(r.get("order_id")) not in seen
            ]
            if not fresh:
                break
            seen.update(o.order_id for o in fresh)
            orders.extend(fresh)
        frame = orders_frame(orders)
        for name in ("fee_amount", "tax_amount", "execute_amount"):
            frame[name] = numeric([o.raw.get(name) for o in orders], "float64").to_numpy()
        return self._frame_of(
            frame,
            replies,
            "/trading/sub-accounts/{subAccountId}/orders",
            sub_account=account.id,
            pages=len(replies),
            unit=SHARES_VND,
        )

    async def buying_power(
        self,
        symbol: str,
        side: str = "BUY",
        price: int | None = None,
        sub_account: str | None = None,
    ) -> pd.DataFrame:
        """What the sub-account can buy or sell of ``symbol`` at ``price`` (None: the market
        price): a one-row frame, columns ``buying_power buying_power_after_settlement max_quantity
        sellable balance …`` (VND, shares), from Finhay's available-trade pre-check."""
        way = Side.parse(side)
        [(account, reply)] = await self._profile.read(
            sub_account, "order", routes.available_trade, symbol, way.value, price
        )
        frame = parse.one_row(reply.payload, "available-trade").rename(columns=parse.POWER_NAMES)
        frame.insert(0, "sub_account", account.id)
        return self._frame_of(
            frame, [reply], "/trading/v2/accounts/{subAccountId}/available-trade", unit=SHARES_VND
        )

    async def snapshot(self, sub_account: str | None = None) -> AccountSnapshot:
        """Cash, buying power, NAV, debt, positions with market value and unrealised P&L, and
        today's orders, fetched together. Without ``sub_account``: every sub-account summed,
        orders from the order-execution one. Cash is ``ci_balance``, buying power the
        available ``balance``, NAV ``net_asset_value`` and debt ``total_debt_amt`` of each
        sub-account's summary."""
        summaries, holdings, (_, orders, book) = await gather(
            self._profile.read(sub_account, "holdings", routes.summary),
            self._profile.read(sub_account, "holdings", routes.portfolio),
            self._book(sub_account),
        )
        totals = {"cash": 0.0, "buying_power": 0.0, "nav": 0.0, "debt": 0.0}
        for _, reply in summaries:
            row = parse.summary_numbers(reply.payload)
            for key in totals:
                totals[key] += row[key]
        positions = []
        for account, reply in holdings:
            frame, _ = parse.portfolio(reply.payload)
            for r in frame.itertuples():
                positions.append(
                    Position(
                        account.id,
                        str(r.symbol),
                        _whole(r.quantity),
                        _whole(r.sellable),
                        _money(r.cost_price),
                        _money(r.market_price),
                    )
                )
        replies = [r for _, r in (*summaries, *holdings)] + [book]
        return AccountSnapshot(
            source=self.source,
            as_of=pd.Timestamp.now(tz=VN_TZ),
            accounts=tuple(a.id for a, _ in summaries),
            positions=tuple(positions),
            orders=tuple(orders),
            simulated=any(r.simulated for r in replies),
            **totals,
        )


MAX_PAGES = 500  # order history pages followed at most (20 orders a page: 10,000 orders)


def _whole(value: Any) -> int:
    return 0 if pd.isna(value) else int(value)


def _money(value: Any) -> float:
    return float("nan") if pd.isna(value) else float(value)


class Account(SyncGroup[AsyncAccount]):
    """Account endpoints (blocking). Reached as ``Finhay(...).account``."""

    me = blocking(AsyncAccount.me)
    sub_accounts = blocking(AsyncAccount.sub_accounts)
    assets = blocking(AsyncAccount.assets)
    summary = blocking(AsyncAccount.summary)
    portfolio = blocking(AsyncAccount.portfolio)
    pnl_today = blocking(AsyncAccount.pnl_today)
    rights = blocking(AsyncAccount.rights)
    order_book = blocking(AsyncAccount.order_book)
    order = blocking(AsyncAccount.order)
    order_history = blocking(AsyncAccount.order_history)
    buying_power = blocking(AsyncAccount.buying_power)
    snapshot = blocking(AsyncAccount.snapshot)
