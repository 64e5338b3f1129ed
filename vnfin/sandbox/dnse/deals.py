"""DNSE's deals (reference §4.4, "Deal (stock)"): the stock account's positions as deals that
follow its fills. ``GET .../deal-service/deals?accountNo=`` → ``{"deals": [...]}``, oldest
first, closed ones included.

A **deal** is one symbol held from the fill that opens it to the fill that closes it; a later
buy opens a new deal (a new ``id``). The investor's starting holdings are deals of their own,
under the cash package, with no ``orderIds``. Deals are rebuilt on every read by replaying
the opening holdings and every fill of the account in time order, with the world's rules
(:mod:`..world.accounts`): a buy adds its value and fee to the deal's cost; a sale takes out
the average cost of the shares sold and realises ``value − fee − tax − that cost``. Then each
deal is squared with the world's position: shares the replay does not explain (a
``Sandbox.fund``, a stock dividend) are added to ``accumulateQuantity`` or
``closedQuantity``, and the cost is the world's.

Fields: ``accumulateQuantity`` every share the deal took in, ``closedQuantity`` every share
sold, ``openQuantity`` their difference (the world's position); ``t0``/``t1``/
``t2ReceivingQuantity`` shares bought 0, 1, 2 trading days ago and not yet settled;
``costPrice`` the cost (fees included) per open share; ``averageCostPrice`` the average price
paid per share taken in (no fees); ``marketPrice`` the last match (the reference before the
first); ``unrealizedProfit`` (marketPrice − costPrice) × open shares; ``realizedProfit`` as
above; ``collectedBuyingFee``/``collectedSellingFee``/``collectedSellingTax`` what the fills
paid; ``estimateRemainTaxAndFee`` the fee and tax a sale of the open shares at the market
price would pay; ``breakEvenPrice`` the price at which that sale recovers the cost;
``averageClosePrice`` the average sale price. Interest, debt and dividend fields are 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..replies import Reply, num
from ..world.orders import FEE_RATE, SALE_TAX_RATE, Order, Side, fee, sale_tax
from ..world.valuation import prices
from .envelope import ok
from .ledger import Customer
from .records import stamp

DEAL_BASE = 70_000_000
ZERO = (
    *("secure", "collectedBuyingTax", "collectedStockTransferFee", "collectedInterestFee"),
    *("dividendReceivingQuantity", "dividendQuantity", "cashReceiving", "rightReceivingCash"),
    *("t0ReceivingCash", "t1RecevingCash", "t2RecevingCash", "currentDebt", "currentInterest"),
    *("currentDebtExcludeToCollect", "accumulateSecure", "accumulateDebt"),
    "currentInterestExcludeToCollect",
)


@dataclass
class Deal:
    key: tuple[str, str]  # (symbol, what opened it): keeps its id stable across replays
    symbol: str
    package: int
    created: float
    modified: float
    order_ids: list[int] = field(default_factory=list)
    bought: int = 0  # accumulateQuantity
    sold: int = 0  # closedQuantity
    cost: float = 0.0
    paid: float = 0.0  # value of the shares taken in, no fees
    received: float = 0.0  # value of the shares sold
    buy_fee: int = 0
    sell_fee: int = 0
    sell_tax: int = 0
    realized: float = 0.0

    @property
    def open(self) -> int:
        return self.bought - self.sold


class Deals:
    """The deal book of one DNSE customer (call with the desk up to now, locked)."""

    def __init__(self, customer: Customer) -> None:
        self.c = customer
        self.opened_at = customer.world.clock()
        self.opening = {
            s: (p.total, p.cost) for s, p in customer.sub.positions.items() if p.total > 0
        }
        self._ids: dict[tuple[str, str], int] = {}

    def _replay(self) -> list[Deal]:
        deals: list[Deal] = []
        live: dict[str, Deal] = {}
        cash = self.c.cash_package.id
        for symbol, (quantity, cost) in sorted(self.opening.items()):
            deal = Deal((symbol, "opening"), symbol, cash, self.opened_at, self.opened_at)
            deal.bought, deal.cost, deal.paid = quantity, cost, cost
            deals.append(deal)
            live[symbol] = deal
        events: list[tuple[float, float, Order, int, int, int]] = []
        for order in self.c.desk.orders_of(self.c.sub):
            value = 0
            for f in order.fills:
                before, value = value, value + f.quantity * f.price
                events.append((f.at, order.placed, order, f.quantity, value - before, before))
        for at, _, order, quantity, value, before in sorted(events, key=lambda e: e[:2]):
            found = live.get(order.symbol)
            if found is not None:
                deal = found
            else:
                package = self.c.packages.get(order.id, cash)
                deal = Deal((order.symbol, order.id), order.symbol, package, at, at)
                deals.append(deal)
                live[order.symbol] = deal
            paid_fee = fee(before + value) - fee(before)
            if order.side is Side.BUY:
                deal.bought += quantity
                deal.cost += value + paid_fee
                deal.paid += value
                deal.buy_fee += paid_fee
            else:
                tax = sale_tax(before + value) - sale_tax(before)
                share = deal.cost / deal.open * quantity if deal.open > 0 else 0.0
                deal.sold += quantity
                deal.cost -= share
                deal.received += value
                deal.sell_fee += paid_fee
                deal.sell_tax += tax
                deal.realized += value - paid_fee - tax - share
            if int(order.id) not in deal.order_ids:
                deal.order_ids.append(int(order.id))
            deal.modified = at
            if deal.open <= 0:
                del live[order.symbol]
        self._square(deals, live)
        return deals

    def _square(self, deals: list[Deal], live: dict[str, Deal]) -> None:
        """Make the open deals agree with the world's positions (module docstring)."""
        now = self.c.desk.clock()
        for symbol in sorted(set(live) | set(self.c.sub.positions)):
            p = self.c.sub.positions.get(symbol)
            total = p.total if p else 0
            deal = live.get(symbol)
            if deal is None:
                if total <= 0:
                    continue
                count = sum(d.symbol == symbol for d in deals)
                deal = Deal((symbol, f"held-{count}"), symbol, self.c.cash_package.id, now, now)
                deal.paid = p.cost if p else 0.0
                deals.append(deal)
            if total > deal.open:
                deal.bought += total - deal.open
            elif total < deal.open:
                deal.sold += deal.open - total
            deal.cost = p.cost if p and total else 0.0

    def _id(self, deal: Deal) -> int:
        return self._ids.setdefault(deal.key, DEAL_BASE + len(self._ids) + 1)

    def deals(self) -> Reply:
        desk, sub = self.c.desk, self.c.sub
        now = desk.clock()
        today, _ = desk.engine.today(now)
        records = []
        for deal in self._replay():
            open_ = deal.open
            market = prices(desk, deal.symbol, now)[1]
            p = sub.positions.get(deal.symbol)
            receiving = {d - today: q for d, q in p.receiving.items()} if p and open_ else {}
            cost_price = deal.cost / open_ if open_ else 0.0
            remain = fee(market * open_) + sale_tax(market * open_)
            records.append(
                {
                    "id": self._id(deal),
                    "symbol": deal.symbol,
                    "accountNo": self.c.stock,
                    "orderIds": deal.order_ids,
                    "status": "OPEN" if open_ > 0 else "CLOSED",
                    "loanPackageId": deal.package,
                    "side": "NB",
                    "accumulateQuantity": deal.bought,
                    "closedQuantity": deal.sold,
                    "openQuantity": open_,
                    **{f"t{2 - n}ReceivingQuantity": receiving.get(n, 0) for n in (2, 1, 0)},
                    "costPrice": num(cost_price),
                    "averageCostPrice": num(deal.paid / deal.bought if deal.bought else 0.0),
                    "marketPrice": num(market),
                    "realizedProfit": round(deal.realized),
                    "realizedTotalTaxAndFee": deal.sell_fee + deal.sell_tax,
                    "collectedBuyingFee": deal.buy_fee,
                    "collectedSellingFee": deal.sell_fee,
                    "collectedSellingTax": deal.sell_tax,
                    "estimateRemainTaxAndFee": remain,
                    "unrealizedOpenTaxAndFee": remain,
                    "unrealizedProfit": round((market - cost_price) * open_),
                    "breakEvenPrice": num(
                        deal.cost / (open_ * (1 - FEE_RATE - SALE_TAX_RATE)) if open_ else 0.0
                    ),
                    "averageClosePrice": num(deal.received / deal.sold if deal.sold else 0.0),
                    "createdDate": stamp(deal.created),
                    "modifiedDate": stamp(deal.modified),
                    **dict.fromkeys(ZERO, 0),
                }
            )
        return ok({"deals": records})

    def derivative_deals(self) -> Reply:
        return ok({"data": []})
