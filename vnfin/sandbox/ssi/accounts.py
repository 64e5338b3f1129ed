"""SSI's account queries over the world's ledger (reference §1.8, spec 5.12–5.18). VND and
shares throughout; what a field means here:

* ``stockPosition`` — a record per holding: ``onHand`` settled shares, ``holdForTrade`` the
  settled shares working sales hold, ``sellableQty`` the rest; ``buyT0``/``buyT1``/``buyT2``
  shares bought 0, 1, 2 trading days ago and not yet settled (T+2), ``sellT0``…``sellT2``
  likewise for sales being delivered; ``bonus`` shares due from a stock dividend;
  ``avgPrice`` the cost price (fees included); ``marketPrice`` the last match (the reference
  before the first); ``totalMarketValue`` Σ price × (settled + receiving);
* ``maxBuyQty`` — the whole lots the buying power pays for at ``price`` (0 or missing: the
  current price), fee included, exactly as the desk checks it; ``marginRatio`` ``"100%"``
  (a cash account); ``maxSellQty`` — the sellable shares;
* ``cashAcctBal`` — ``cashBal`` settled cash, ``secureAmount`` what working buys hold,
  ``withdrawable`` and ``purchasingPower`` the rest, ``receivingCashT1``/``T2`` sale proceeds
  settling in 1 or 2 trading days, ``matched…Volume``/``unMatched…Volume`` today's matched
  and still-working order *values*, ``totalAssets`` cash + proceeds due + holdings' value;
* ``ppmmraccount`` — the margin view of the same numbers (no credit: debt, loans and calls 0;
  every ``eE…`` the purchasing power);
* ``derivPosition``/``derivAcctBal`` — the derivative account: no positions; its deposit as
  balance, marginable and withdrawable (:mod:`.ledger`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..replies import Reply, num
from ..world.accounts import SubAccount
from ..world.desk import Desk
from ..world.orders import FEE_RATE, LOT, Side, fee
from ..world.valuation import cash_receiving, held_cash, holdings, prices
from .envelope import Refusal, ok
from .feed import Feed
from .ledger import Derivatives
from .params import boolean, number, text

PPMM_ZERO = (
    *("collateralAsset", "callLMW", "liability", "forceLMV", "callMargin", "callForcesell"),
    *("marginCall", "collateralA", "marginRatio", "debt", "accruedInterest", "holdRight"),
    *("preLoan", "fees", "ap", "apT1", "cia", "ppCredit", "creditLimit", "marginCallLMVSold"),
    *("lmvNonMarginable", "eeCredit"),
)
WARNINGS = ("usedLimitWarningLevel1", "usedLimitWarningLevel2", "usedLimitWarningLevel3")


def max_lots(power: int, price: float) -> int:
    """The most shares, in whole lots, that ``power`` buys at ``price`` with the fee."""
    if price <= 0:
        return 0
    lots = int(power // (price * LOT * (1 + FEE_RATE)))
    while (lots + 1) * LOT * price + fee((lots + 1) * LOT * price) <= power:
        lots += 1
    while lots > 0 and lots * LOT * price + fee(lots * LOT * price) > power:
        lots -= 1
    return lots * LOT


class AccountQueries:
    """The account reads for SSI's ``stock`` account (``sub_id`` in the world) and its
    derivative account ``derivatives``."""

    def __init__(
        self, desk: Desk, feed: Feed, *, stock: str, sub_id: str, derivatives: Derivatives
    ) -> None:
        self.desk = desk
        self.feed = feed
        self.stock, self.sub_id, self.derivatives = stock, sub_id, derivatives

    def table(self) -> dict[str, Callable[[Mapping[str, str]], Reply]]:
        """Handlers by lower-case endpoint name."""
        return {
            "stockposition": self.stock_position,
            "maxbuyqty": self.max_buy,
            "maxsellqty": self.max_sell,
            "cashacctbal": self.cash_balance,
            "ppmmraccount": self.ppmm,
            "derivposition": self.deriv_position,
            "derivacctbal": self.deriv_balance,
        }

    def _sub(self, params: Mapping[str, str], derivative_too: bool = False) -> SubAccount | None:
        """The stock account the query names (None: the derivative account, when allowed);
        brings the desk up to now."""
        account = text(params, "account", required=True)
        if derivative_too and account == self.derivatives.number:
            return None
        if account != self.stock:
            raise Refusal("Account is not exist.")
        self.feed.sync()
        sub = self.desk.sub(self.sub_id)
        assert sub is not None
        return sub

    def _symbol(self, params: Mapping[str, str], sub: SubAccount | None) -> str:
        symbol = text(params, "instrumentID", required=True).upper()
        if sub is None or symbol not in self.desk.engine.instruments:
            raise Refusal(f"Symbol not found: {symbol[:40]}", code="ORD001")
        return symbol

    def stock_position(self, params: Mapping[str, str]) -> Reply:
        with self.desk.lock:
            sub = self._sub(params)
            assert sub is not None
            held = holdings(self.desk, sub, self.desk.clock())
        records = []
        for h in held:
            bought = {f"buyT{2 - n}": q for n, q in h.receiving.items() if 0 <= n <= 2}
            sold = {f"sellT{2 - n}": q for n, q in h.sending.items() if 0 <= n <= 2}
            records.append(
                {
                    "marketID": "VN",
                    "instrumentID": h.symbol,
                    "onHand": h.total - sum(h.receiving.values()),
                    "block": 0,
                    "bonus": h.rights,
                    **{f"buyT{n}": bought.get(f"buyT{n}", 0) for n in (0, 1, 2)},
                    **{f"sellT{n}": sold.get(f"sellT{n}", 0) for n in (0, 1, 2)},
                    "avgPrice": round(h.cost_price),
                    "mortgage": 0,
                    "sellableQty": h.sellable,
                    "holdForTrade": h.blocked,
                    "marketPrice": num(h.price),
                }
            )
        total = round(sum(h.value for h in held))
        data = {"account": self.stock, "totalMarketValue": total, "stockPositions": records}
        return ok(data)

    def max_buy(self, params: Mapping[str, str]) -> Reply:
        price = number(params, "price")
        with self.desk.lock:
            sub = self._sub(params, derivative_too=True)
            symbol = self._symbol(params, sub)
            assert sub is not None
            now = self.desk.clock()
            power = self.desk.buying_power(sub, now)
            price = price if price > 0 else prices(self.desk, symbol, now)[1]
        data = {
            "account": self.stock,
            "maxBuyQty": max_lots(power, price),
            "marginRatio": "100%",
            "purchasingPower": power,
        }
        return ok(data)

    def max_sell(self, params: Mapping[str, str]) -> Reply:
        number(params, "price")  # SSI's Python client sends it; the answer does not use it
        with self.desk.lock:
            sub = self._sub(params, derivative_too=True)
            symbol = self._symbol(params, sub)
            assert sub is not None
            return ok({"account": self.stock, "maxSellQty": self.desk.sellable(sub, symbol)})

    def _money(self, sub: SubAccount) -> dict[str, int]:
        """The figures the cash and margin views share (desk locked, up to now)."""
        now = self.desk.clock()
        today, _ = self.desk.engine.today(now)
        receiving = cash_receiving(sub, today)
        stock = round(sum(h.value for h in holdings(self.desk, sub, now)))
        values = {"matched": {Side.BUY: 0, Side.SELL: 0}, "working": {Side.BUY: 0, Side.SELL: 0}}
        for o in self.desk.orders_of(sub):
            if o.day == today:
                values["matched"][o.side] += o.value
            if o.is_working:
                price = o.price or self.desk.band(o.symbol, now)[1]
                values["working"][o.side] += o.remaining * price
        pending = sum(receiving.values())
        return {
            "cash": sub.cash,
            "held": held_cash(self.desk, sub, now),
            "power": self.desk.buying_power(sub, now),
            "t1": receiving.get(1, 0),
            "t2": receiving.get(2, 0),
            "pending": pending,
            "stock": stock,
            "total": sub.cash + pending + stock,
            "matched_buy": values["matched"][Side.BUY],
            "matched_sell": values["matched"][Side.SELL],
            "working_buy": values["working"][Side.BUY],
            "working_sell": values["working"][Side.SELL],
        }

    def cash_balance(self, params: Mapping[str, str]) -> Reply:
        with self.desk.lock:
            sub = self._sub(params)
            assert sub is not None
            m = self._money(sub)
        data = {
            "account": self.stock,
            "cashBal": m["cash"],
            "cashOnHold": 0,
            "secureAmount": m["held"],
            "withdrawable": m["power"],
            "receivingCashT1": m["t1"],
            "receivingCashT2": m["t2"],
            "matchedBuyVolume": m["matched_buy"],
            "matchedSellVolume": m["matched_sell"],
            "debt": 0,
            "unMatchedBuyVolume": m["working_buy"],
            "unMatchedSellVolume": m["working_sell"],
            "paidCashT1": 0,
            "paidCashT2": 0,
            "cia": 0,
            "purchasingPower": m["power"],
            "totalAssets": m["total"],
        }
        return ok(data)

    def ppmm(self, params: Mapping[str, str]) -> Reply:
        with self.desk.lock:
            sub = self._sub(params)
            assert sub is not None
            m = self._money(sub)
        data: dict[str, Any] = dict.fromkeys(PPMM_ZERO, 0)
        data.update(
            {
                "eeOrigin": m["power"],
                "equity": m["total"],
                "ee": m["power"],
                "cashBalance": m["cash"],
                "purchasingPower": m["power"],
                "lmv": m["stock"],
                "withdrawal": m["power"],
                "action": "",
                "buyUnmatch": m["working_buy"],
                "sellUnmatch": m["working_sell"],
                "ar": m["pending"],
                "arT1": m["t1"],
                "totalAssets": m["total"],
                "totalEquity": m["total"],
                **{f"eE{rate}": m["power"] for rate in (90, 80, 70, 60, 50)},
            }
        )
        return ok(data)

    def _derivative(self, params: Mapping[str, str]) -> str:
        account = text(params, "account", required=True)
        if account != self.derivatives.number:
            raise Refusal("Account is not exist.")
        return account

    def deriv_position(self, params: Mapping[str, str]) -> Reply:
        boolean(params, "querySummary", True)  # net or gross: nothing is held either way
        account = self._derivative(params)
        return ok({"account": account, "openPosition": [], "closePosition": []})

    def deriv_balance(self, params: Mapping[str, str]) -> Reply:
        account = self._derivative(params)
        cash = self.derivatives.cash
        assets = {
            "cash": cash,
            "validNonCash": 0,
            "totalValue": cash,
            "maxValidNonCash": 0,
            "cashWithdrawable": cash,
            "ee": cash,
        }
        margin = {"marginReq": 0, "accountRatio": 0, **dict.fromkeys(WARNINGS, 0), "marginCall": 0}
        data = {
            "account": account,
            "accountBalance": cash,
            **dict.fromkeys(("fee", "commission", "interest", "loan", "deliveryAmount"), 0),
            "floatingPL": 0,
            "totalPL": 0,
            "marginable": cash,
            "depositable": 0,
            "rcCall": 0,
            "withdrawable": cash,
            "nonCashDrawableRCCall": 0,
            "internalAssets": assets,
            "exchangeAssets": dict(assets),
            "internalMargin": {"initialMargin": 0, "deliveryMargin": 0, **margin},
            "exchangeMargin": dict(margin),
        }
        return ok(data)
