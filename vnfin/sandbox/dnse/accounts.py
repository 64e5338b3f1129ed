"""DNSE's account reads (reference §4.3–§4.5): sub-accounts, balances, loan packages and
buying power, over the world's ledger. VND and shares throughout.

* ``accounts`` → ``{"accounts": [stock, derivative]}``, each ``{id, custodyCode, investorId,
  accountTypeName, derivativeAccount, ...}``;
* ``account-balances/{account}`` (stock): ``totalCash`` settled cash (a drawn margin loan
  included), ``secureAmount`` what working buys hold (their rest at their price, the ceiling
  for the market types, plus the fee), ``availableCash`` the rest, ``withdrawableCash``
  ``availableCash`` less the debt, ``receivingAmount`` sale proceeds not yet settled (T+2),
  ``stockValue`` the holdings at the current price, ``totalDebt`` and ``marginDebt`` the
  margin debt, ``netAssetValue`` = cash + receiving + stock value − debt,
  ``cashDividendReceiving`` cash dividends past their ex-date not yet paid; the derivative
  account answers its deposit;
* ``accounts/{account}/loan-packages`` → ``{"loanPackages": [cash, margin]}``;
  ``derivative-loan-packages`` → the derivative account's one package;
* ``accounts/{account}/ppse?symbol=&price=&loanPackageId=`` (all three required) →
  ``{investorAccountId, ppse, price, qmax, tradeQuantity}``: ``ppse`` the buying power under
  the package (:mod:`.ledger`: the cash buying power, ÷ ``initialRate`` under the margin
  package), ``qmax`` the most whole lots it buys at ``price`` with the fee (at most 500,000,
  the desk's cap), ``tradeQuantity`` the sellable shares — exactly what the desk checks;
  the margin package and a symbol outside its basket: 400 ``SYMBOL_IS_NOT_IN_MARGIN_BASKET``;
* ``derivative-ppse``: the world lists no futures, so any symbol is 400 ``SYMBOL_NOT_FOUND``.

Another investor's or an unknown account: 403 ``FORBIDDEN``; the stock account on a
derivative call or the other way round: 400 ``INVALID_ACCOUNT_TYPE``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..replies import Reply
from ..world.orders import FEE_RATE, LOT, MAX_QUANTITY, fee
from ..world.valuation import cash_receiving, dividends_due, held_cash, holdings
from .envelope import Refusal, ok
from .ledger import DERIVATIVE, Customer, LoanPackage
from .params import integer, number, text

NOT_IN_BASKET = "SYMBOL_IS_NOT_IN_MARGIN_BASKET"


def max_lots(power: float, price: float) -> int:
    """The most shares, in whole lots and at most the desk's cap, that ``power`` buys at
    ``price`` with the fee."""
    if price <= 0 or power <= 0:
        return 0
    lots = int(power // (price * LOT * (1 + FEE_RATE)))
    while (lots + 1) * LOT * price + fee((lots + 1) * LOT * price) <= power:
        lots += 1
    while lots > 0 and lots * LOT * price + fee(lots * LOT * price) > power:
        lots -= 1
    return min(lots * LOT, MAX_QUANTITY)


class AccountQueries:
    """The account reads of one DNSE customer (call with the desk up to now, locked)."""

    def __init__(self, customer: Customer) -> None:
        self.c = customer

    def check(self, account: str, derivative: bool = False) -> None:
        """Refuse an account that is not the customer's, or not of the kind asked for."""
        stock, deriv = self.c.stock, self.c.derivatives.number
        if account not in (stock, deriv):
            raise Refusal(f"Account {account[:20]} is not one of this investor's", 403)
        if (account == deriv) != derivative:
            kind = "a derivative" if derivative else "a stock"
            raise Refusal(f"Account {account} is not {kind} account", code="INVALID_ACCOUNT_TYPE")

    def accounts(self) -> Reply:
        inv = self.c.investor
        common: dict[str, Any] = {
            "custodyCode": inv.custody,
            "investorId": inv.investor_id,
            "status": "ACTIVE",
        }
        stock = {"id": self.c.stock, **common, "accountTypeName": "Thường"}
        deriv = {"id": self.c.derivatives.number, **common, "accountTypeName": "Phái sinh"}
        stock |= {"accountType": "NORMAL", "derivativeAccount": False, "dealAccount": True}
        deriv |= {"accountType": "DERIVATIVE", "derivativeAccount": True, "dealAccount": False}
        return ok({"accounts": [stock, deriv]})

    def balance(self, account: str) -> Reply:
        stock = account == self.c.stock
        self.check(account, derivative=not stock)
        inv = self.c.investor
        head = {"custodyCode": inv.custody, "investorAccountId": account}
        if not stock:
            cash = self.c.derivatives.cash
            zero = dict.fromkeys(_MONEY, 0)
            body = {**zero, "totalCash": cash, "availableCash": cash, "withdrawableCash": cash}
            return ok({**head, **body, "netAssetValue": cash})
        desk, sub = self.c.desk, self.c.sub
        now = desk.clock()
        today, _ = desk.engine.today(now)
        receiving = sum(cash_receiving(sub, today).values())
        stock_value = round(sum(h.value for h in holdings(desk, sub, now)))
        debt = self.c.loans.debt
        available = desk.buying_power(sub, now)
        body = {
            "totalCash": sub.cash,
            "availableCash": available,
            "totalDebt": debt,
            "withdrawableCash": max(available - debt, 0),
            "depositFeeAmount": 0,
            "depositInterest": 0,
            "marginDebt": debt,
            "stockValue": stock_value,
            "netAssetValue": sub.cash + receiving + stock_value - debt,
            "receivingAmount": receiving,
            "secureAmount": held_cash(desk, sub, now),
            "cashDividendReceiving": dividends_due(desk, sub, now),
        }
        return ok({**head, **body})

    def loan_packages(self, account: str) -> Reply:
        self.check(account)
        packages = (self.c.cash_package, self.c.margin_package)
        return ok({"loanPackages": [p.record() for p in packages]})

    def derivative_loan_packages(self, account: str) -> Reply:
        self.check(account, derivative=True)
        return ok({"loanPackages": [DERIVATIVE.record()]})

    def _package(self, params: Mapping[str, str]) -> LoanPackage:
        wanted = integer(params, "loanPackageId", -1, 0, 2**31 - 1)
        if wanted < 0:
            raise Refusal("loanPackageId is required")
        package = self.c.package(wanted)
        if package is None:
            raise Refusal(
                f"Loan package {wanted} is not this account's", code="INVALID_LOAN_PACKAGE"
            )
        return package

    def ppse(self, account: str, params: Mapping[str, str]) -> Reply:
        self.check(account)
        symbol = text(params, "symbol", required=True).upper()
        price = number(params, "price")
        if price is None or price <= 0:
            raise Refusal("price is required and must be greater than 0")
        package = self._package(params)
        if symbol not in self.c.desk.engine.instruments:
            raise Refusal(f"{symbol[:40]} is not a listed symbol", code="SYMBOL_NOT_FOUND")
        if not package.covers(symbol):
            raise Refusal(f"{symbol} is not in the margin basket", code=NOT_IN_BASKET)
        power = self.buying_power(package)
        return ok(
            {
                "investorAccountId": account,
                "ppse": power,
                "price": int(price) if price.is_integer() else price,
                "qmax": max_lots(power, price),
                "tradeQuantity": self.c.desk.sellable(self.c.sub, symbol),
            }
        )

    def buying_power(self, package: LoanPackage) -> int:
        """The buying power under ``package`` (VND)."""
        power = self.c.desk.buying_power(self.c.sub, self.c.desk.clock())
        return int(power / package.initial_rate) if package.type == "M" else power

    def derivative_ppse(self, account: str, params: Mapping[str, str]) -> Reply:
        self.check(account, derivative=True)
        symbol = text(params, "symbol", required=True).upper()[:40]
        raise Refusal(
            f"{symbol} is not listed (the sandbox lists no futures)", code="SYMBOL_NOT_FOUND"
        )


_MONEY: tuple[str, ...] = (
    *("totalCash", "availableCash", "totalDebt", "withdrawableCash", "depositFeeAmount"),
    *("depositInterest", "marginDebt", "stockValue", "receivingAmount", "secureAmount"),
    "cashDividendReceiving",
)
