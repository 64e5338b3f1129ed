"""Finhay's user-scoped routes with ids in their paths (reference §2.1, §2.9–§2.11, §2.13):
which method and path pattern goes to which handler of :mod:`.accounts` and :mod:`.orders`.

Every route here is Tier 2 (signed); the three ``/trading/oa/`` writes also need the 2FA
session, which :mod:`.app` checks before a handler runs. A handler gets the parsed query,
the body bytes (writes) and the ids from the path, raw as sent (ids are digits; anything else
finds nothing and is a 404).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..replies import Reply
from ..world import World
from .accounts import AccountViews
from .orders import OrderViews

ID = "([^/]+)"
OA = f"/trading/oa/sub-accounts/{ID}/orders"


class TradingRoutes:
    """The account and order endpoints; :attr:`orders` holds the write knob
    (``null_envelope``)."""

    def __init__(self, world: World) -> None:
        self.accounts = AccountViews(world)
        self.orders = OrderViews(world, self.accounts)
        a, o = self.accounts, self.orders
        reads: list[tuple[str, Callable[..., Reply]]] = [
            (f"/users/v1/users/{ID}/sub-accounts", a.sub_accounts),
            (f"/users/v3/users/{ID}/assets/summary", a.assets_summary),
            (f"/trading/accounts/{ID}/summary", a.summary),
            (f"/trading/v2/sub-accounts/{ID}/portfolio", a.portfolio),
            (f"/trading/pnl-today/{ID}", a.pnl_today),
            (f"/trading/v5/account/{ID}/user-rights", a.user_rights),
            (f"/trading/v1/accounts/{ID}/order-book", o.order_book),
            (f"/trading/v1/accounts/{ID}/order-book/{ID}", o.order_detail),
            (f"/trading/sub-accounts/{ID}/orders", o.history),
            (f"/trading/v2/accounts/{ID}/available-trade", a.available_trade),
        ]
        writes: list[tuple[str, str, Callable[..., Reply]]] = [
            ("POST", OA, o.place),
            ("PUT", f"{OA}/{ID}", o.amend),
            ("DELETE", f"{OA}/{ID}", o.cancel),
        ]
        self._table: list[tuple[str, re.Pattern[str], Callable[..., Reply], bool]] = [
            ("GET", re.compile(p), h, False) for p, h in reads
        ] + [(m, re.compile(p), h, True) for m, p, h in writes]

    def _find(
        self, method: str | None, path: str
    ) -> list[tuple[str, tuple[str, ...], Callable[..., Reply], bool]]:
        found = []
        for m, pattern, handler, write in self._table:
            match = pattern.fullmatch(path)
            if match and method in (None, m):
                found.append((m, tuple(match.groups()), handler, write))
        return found

    def methods(self, path: str) -> frozenset[str]:
        """The methods ``path`` answers here (empty when it is not one of these routes)."""
        return frozenset(m for m, *_ in self._find(None, path))

    def is_write(self, method: str, path: str) -> bool:
        """True for an order write: place, amend or cancel."""
        return any(write for *_, write in self._find(method, path))

    def dispatch(self, method: str, path: str, params: dict[str, str], body: bytes) -> Reply | None:
        """The answer to a request on one of these routes, or None when it is not one."""
        for _, ids, handler, write in self._find(method, path):
            return handler(params, body, *ids) if write else handler(params, *ids)
        return None
