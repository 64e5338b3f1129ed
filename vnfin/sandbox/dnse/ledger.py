"""DNSE's investor in the simulated world, its sub-accounts, loan packages and margin loans.

:func:`open_investor` adds, once per world, investor :data:`INVESTOR_ID` ("Lê Văn C",
custody code ``064C888888``: 064C is DNSE's depository prefix) with:

* the **stock sub-account** (the sandbox's ``dnse_account``, ``0001888888``), Normal, taking
  orders, settled: 300,000,000 VND; VNM 1,000, FPT 500, HPG 2,000 (HOSE), at seeded cost
  prices (:func:`..world.accounts.seeded_cost`). It trades through the world's desk like
  every sub-account (``Sandbox.fund("0001888888", ...)`` works);
* the **derivative sub-account** (``dnse_derivative_account``, ``0001888889``,
  ``derivativeAccount: true``), DNSE's alone (:class:`Derivatives`): a 100,000,000 VND margin
  deposit and nothing else, since the world lists no futures.

**Loan packages** (reference §4.4; ids are integers): the stock account has the cash package
:data:`CASH_PACKAGE` (type ``"N"``, ``initialRate`` 1, every symbol) and the margin package
:data:`MARGIN_PACKAGE` (type ``"M"``, ``initialRate`` 0.5, the VN30 basket in ``symbols``);
the derivative account :data:`DERIVATIVE_PACKAGE`.

**Margin, kept simple**: buying power under a margin package is the cash buying power divided
by its ``initialRate`` (``ppse``), for the basket's symbols only. A margin buy that needs more
than the cash buying power borrows the shortfall when it is placed (:meth:`Loans.draw`: the
cash goes into the sub-account, the debt into :attr:`Loans.debt`); free cash (settled cash
that no working buy holds) repays the debt whenever the account is read (:meth:`Loans.repay`).
No interest accrues and no collateral is counted.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from ..world import World
from ..world.accounts import Account, SubAccount, seeded_cost
from ..world.desk import Desk
from ..world.orders import Order
from .auth import Investor
from .records import order_record

DNSE_USER = 8_888_888  # the world's key for the investor
INVESTOR_ID = "0001888800"
CUSTODY = "064C888888"
NAME = "Lê Văn C"
EMAIL = "le.van.c@dnse.sandbox.vnfin.invalid"
MOBILE = "0900888888"
STARTING_CASH = 300_000_000
HOLDINGS = {"VNM": 1_000, "FPT": 500, "HPG": 2_000}
DERIVATIVE_CASH = 100_000_000
CASH_PACKAGE = 1036
MARGIN_PACKAGE = 1531
DERIVATIVE_PACKAGE = 2279
MARGIN_RATE = 0.5  # initialRate: the investor's own share of a margin purchase


@dataclass(frozen=True)
class LoanPackage:
    id: int
    name: str
    type: str  # "N" cash (no margin), "M" margin
    initial_rate: float
    maintenance_rate: float
    liquid_rate: float
    interest_rate: float
    symbols: tuple[str, ...]  # empty: every symbol

    def covers(self, symbol: str) -> bool:
        return not self.symbols or symbol in self.symbols

    def record(self) -> dict[str, Any]:
        """The loan-package object (reference §4.4)."""
        margin = self.type == "M"
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "initialRate": self.initial_rate,
            "maintenanceRate": self.maintenance_rate,
            "liquidRate": self.liquid_rate,
            "interestRate": self.interest_rate,
            "preferentialPeriod": 0,
            "preferentialInterestRate": 0.0,
            "term": 90 if margin else 0,
            "allowExtendLoanTerm": margin,
            "allowEarlyPayment": True,
            "brokerFirmBuyingFeeRate": 0.0015,
            "brokerFirmSellingFeeRate": 0.0015,
            "transferFee": 0,
            "description": "Sandbox margin: buys 1/initialRate times the free cash"
            if margin
            else "Cash only, no loan",
            "symbols": list(self.symbols),
        }


def stock_packages(world: World) -> tuple[LoanPackage, LoanPackage]:
    """The stock account's cash and margin packages (the margin basket: VN30's members)."""
    basket = world.engine.indices["VN30"].members if "VN30" in world.engine.indices else ()
    cash = LoanPackage(CASH_PACKAGE, "Tiền mặt (no margin)", "N", 1.0, 1.0, 1.0, 0.0, ())
    margin = LoanPackage(
        MARGIN_PACKAGE, "Margin 50%", "M", MARGIN_RATE, 0.35, 0.25, 0.135, tuple(sorted(basket))
    )
    return cash, margin


DERIVATIVE = LoanPackage(DERIVATIVE_PACKAGE, "Phái sinh", "N", 0.2, 0.15, 0.1, 0.0, ())


def investor() -> Investor:
    return Investor(INVESTOR_ID, NAME, CUSTODY, EMAIL, MOBILE)


def open_investor(world: World, number: str) -> SubAccount:
    """DNSE's stock sub-account ``number`` in ``world`` (made on the first call)."""
    with world.desk.lock:
        found = world.desk.sub(number)
        if found is not None:
            return found
        sub = SubAccount(number, ".1", "Normal", CUSTODY, takes_orders=True)
        sub.set(STARTING_CASH, HOLDINGS, {s: seeded_cost(world.engine, s) for s in HOLDINGS})
        world.accounts[DNSE_USER] = Account(DNSE_USER, INVESTOR_ID, NAME, CUSTODY, {number: sub})
        return sub


@dataclass
class Derivatives:
    """The derivative sub-account: a deposit and, in a world without futures, nothing else."""

    number: str
    cash: int = DERIVATIVE_CASH


@dataclass
class Loans:
    """The stock sub-account's margin debt (VND): drawn by margin buys, repaid by free cash."""

    debt: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def draw(self, sub: SubAccount, amount: int) -> None:
        with self._lock:
            sub.cash += amount
            self.debt += amount

    def undo(self, sub: SubAccount, amount: int) -> None:
        """Take back a loan drawn for an order the desk then refused."""
        with self._lock:
            sub.cash -= amount
            self.debt -= amount

    def repay(self, desk: Desk, sub: SubAccount, now: float) -> None:
        """Repay what free cash allows (the desk up to now, its lock held)."""
        with self._lock:
            if self.debt <= 0:
                return
            paid = min(self.debt, desk.buying_power(sub, now))
            sub.cash -= paid
            self.debt -= paid


class Customer:
    """DNSE's customer as the handlers see it: the investor, the stock sub-account
    ``stock`` (its id in the world too), the derivative one, the loan packages, the margin
    loans, and what DNSE knows of orders beyond the desk (their loan package, which ones the
    investor cancelled)."""

    def __init__(self, world: World, stock: str, derivative: str) -> None:
        self.world = world
        self.desk = world.desk
        self.investor = investor()
        self.stock = stock
        self.sub = open_investor(world, stock)
        self.derivatives = Derivatives(derivative)
        self.cash_package, self.margin_package = stock_packages(world)
        self.loans = Loans()
        self.packages: dict[str, int] = {}  # desk order id → loan package id
        self.cancelled: set[str] = set()  # desk order ids the investor cancelled

    def package(self, package_id: int) -> LoanPackage | None:
        """The stock account's loan package ``package_id``, or None."""
        return next(
            (p for p in (self.cash_package, self.margin_package) if p.id == package_id), None
        )

    def record(self, order: Order) -> dict[str, Any]:
        """The Order object of a desk order of the stock account."""
        package = self.package(self.packages.get(order.id, CASH_PACKAGE)) or self.cash_package
        return order_record(
            self.desk,
            order,
            account=self.stock,
            investor_id=self.investor.investor_id,
            custody=self.investor.custody,
            package=package.id,
            initial_rate=package.initial_rate,
            cancelled_by_investor=order.id in self.cancelled,
        )
