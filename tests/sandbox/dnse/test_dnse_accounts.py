"""DNSE's account reads on the wire (reference §4.3–§4.5): sub-accounts, balances that follow
the desk's cash, loan packages, and ppse that is exactly what the desk then accepts, margin
included. The market is pinned at 2026-11-20 10:30: VNM trades at 69,500 (band
63,800–73,400; its low of the day, 67,800, comes in the afternoon)."""

from __future__ import annotations

from typing import Any

from vnfin.sandbox import Sandbox

from .conftest import CASH, MARGIN

Wire = Any  # the conftest's DNSE


def test_the_investor_has_a_stock_and_a_derivative_account(dnse: Wire, sb: Sandbox) -> None:
    accounts = dnse.get("order", "/accounts")["accounts"]
    assert [(a["id"], a["derivativeAccount"]) for a in accounts] == [
        (sb.dnse_account, False),
        (sb.dnse_derivative_account, True),
    ]
    for account in accounts:
        assert (account["custodyCode"], account["investorId"]) == ("064C888888", "0001888800")
        assert account["accountTypeName"]


def test_the_starting_balance(dnse: Wire) -> None:
    balance = dnse.balance()
    assert balance["investorAccountId"] == "0001888888"
    assert (balance["totalCash"], balance["availableCash"], balance["secureAmount"]) == (
        300_000_000,
        300_000_000,
        0,
    )
    assert balance["totalDebt"] == balance["marginDebt"] == balance["receivingAmount"] == 0
    held = sum(d["marketPrice"] * d["openQuantity"] for d in dnse.deals())
    assert balance["stockValue"] == held > 0
    assert balance["netAssetValue"] == 300_000_000 + held
    assert set(balance) >= {
        *("custodyCode", "investorAccountId", "totalCash", "availableCash", "totalDebt"),
        *("withdrawableCash", "depositFeeAmount", "depositInterest", "marginDebt"),
        *("stockValue", "netAssetValue", "receivingAmount", "secureAmount"),
        "cashDividendReceiving",
    }


def test_the_balance_follows_the_desks_cash(dnse: Wire, sb: Sandbox) -> None:
    resting = dnse.placed(price=67_800)  # fills in the afternoon
    balance = dnse.balance()
    assert balance["secureAmount"] == 6_780_000 + 10_170  # the value and the 0.15 % fee
    assert balance["availableCash"] == 300_000_000 - balance["secureAmount"]
    assert balance["totalCash"] == 300_000_000
    sb.now = "2026-11-20 14:00"
    assert dnse.order(resting["id"])["orderStatus"] == "filled"
    after = dnse.balance()
    assert after["totalCash"] == after["availableCash"] == 300_000_000 - 6_790_170
    sb.fund(sb.dnse_account, cash=1_000)
    assert dnse.balance()["totalCash"] == 1_000
    assert dnse.ppse()["ppse"] == 1_000 and dnse.ppse()["qmax"] == 0


def test_the_derivative_account_holds_a_deposit(dnse: Wire, sb: Sandbox) -> None:
    balance = dnse.get("order", f"/account-balances/{sb.dnse_derivative_account}")
    assert (balance["totalCash"], balance["netAssetValue"]) == (100_000_000, 100_000_000)
    assert balance["stockValue"] == balance["totalDebt"] == 0


def test_loan_packages(dnse: Wire, sb: Sandbox) -> None:
    cash, margin = dnse.get("order", f"/accounts/{sb.dnse_account}/loan-packages")["loanPackages"]
    assert (cash["id"], cash["type"], cash["initialRate"], cash["symbols"]) == (CASH, "N", 1.0, [])
    assert (margin["id"], margin["type"], margin["initialRate"]) == (MARGIN, "M", 0.5)
    assert "VNM" in margin["symbols"] and "SHS" not in margin["symbols"]
    assert set(margin) >= {
        *("id", "name", "type", "initialRate", "maintenanceRate", "liquidRate", "interestRate"),
        *("preferentialPeriod", "preferentialInterestRate", "term", "allowExtendLoanTerm"),
        *("allowEarlyPayment", "brokerFirmBuyingFeeRate", "brokerFirmSellingFeeRate"),
        *("transferFee", "description", "symbols"),
    }
    rest = f"/accounts/{sb.dnse_derivative_account}/derivative-loan-packages"
    [derivative] = dnse.get("order", rest)["loanPackages"]
    assert isinstance(derivative["id"], int) and derivative["id"] not in (CASH, MARGIN)
    wrong = dnse.send("GET", "order", f"/accounts/{sb.dnse_account}/derivative-loan-packages")
    dnse.refused(wrong, 400, "INVALID_ACCOUNT_TYPE")
    dnse.refused(
        dnse.send("GET", "order", f"/accounts/{sb.dnse_derivative_account}/loan-packages"),
        400,
        "INVALID_ACCOUNT_TYPE",
    )


def test_ppse_is_what_the_desk_accepts(dnse: Wire) -> None:
    ppse = dnse.ppse()
    assert set(ppse) == {"investorAccountId", "ppse", "price", "qmax", "tradeQuantity", "sandbox"}
    assert (ppse["ppse"], ppse["price"], ppse["tradeQuantity"]) == (300_000_000, 69_500, 1_000)
    qmax = ppse["qmax"]
    assert qmax % 100 == 0 and qmax * 69_500 * 1.0015 <= 300_000_000
    assert (qmax + 100) * 69_500 * 1.0015 > 300_000_000
    qmax = dnse.ppse(price=64_000)["qmax"]  # a price that rests: nothing fills, cash stays held
    assert qmax > ppse["qmax"]
    dnse.refused(dnse.place(quantity=qmax + 100, price=64_000), 400, "QMAX_EXCEED")
    assert dnse.placed(quantity=qmax, price=64_000)["orderStatus"] == "new"
    assert dnse.ppse()["qmax"] == 0
    sale = dnse.placed(side="NS", quantity=300, price=73_000)
    assert dnse.ppse()["tradeQuantity"] == 700
    dnse.refused(dnse.place(side="NS", quantity=800, price=73_000), 400, "QMAX_EXCEED")
    dnse.send("DELETE", "order", f"/v2/orders/{sale['id']}", accountNo=dnse.sb.dnse_account)
    assert dnse.ppse()["tradeQuantity"] == 1_000


def test_the_margin_package_borrows_within_its_ppse(dnse: Wire, sb: Sandbox) -> None:
    margin = dnse.ppse(package=MARGIN)
    assert margin["ppse"] == 600_000_000 and margin["qmax"] > dnse.ppse()["qmax"]
    need = 6_000 * 64_000 + 576_000  # over the cash, under the margin buying power
    dnse.refused(dnse.place(quantity=6_000, price=64_000), 400, "QMAX_EXCEED")
    order = dnse.placed(quantity=6_000, price=64_000, loanPackageId=MARGIN)
    assert (order["loanPackageId"], order["initialRate"]) == (MARGIN, 0.5)
    balance = dnse.balance()
    assert balance["marginDebt"] == balance["totalDebt"] == need - 300_000_000
    assert (balance["totalCash"], balance["secureAmount"], balance["availableCash"]) == (
        need,
        need,
        0,
    )
    assert balance["netAssetValue"] == need + balance["stockValue"] - balance["marginDebt"]
    over = dnse.place(quantity=100, price=64_000, loanPackageId=MARGIN)
    dnse.refused(over, 400, "QMAX_EXCEED")  # nothing is free to borrow against
    assert dnse.balance()["marginDebt"] == need - 300_000_000  # a refused order borrows nothing
    dnse.send("DELETE", "order", f"/v2/orders/{order['id']}", accountNo=sb.dnse_account)
    repaid = dnse.balance()
    assert (repaid["marginDebt"], repaid["totalCash"]) == (0, 300_000_000)


def test_the_margin_basket(dnse: Wire) -> None:
    r = dnse.send(
        "GET",
        "order",
        f"/accounts/{dnse.sb.dnse_account}/ppse",
        symbol="SHS",
        price=20_000,
        loanPackageId=MARGIN,
    )
    dnse.refused(r, 400, "SYMBOL_IS_NOT_IN_MARGIN_BASKET")
    r = dnse.place(symbol="SHS", price=20_000, loanPackageId=MARGIN)
    dnse.refused(r, 400, "SYMBOL_IS_NOT_IN_MARGIN_BASKET")
    assert dnse.ppse("SHS", 20_000)["ppse"] == 300_000_000  # the cash package covers it


def test_ppse_refusals(dnse: Wire, sb: Sandbox) -> None:
    rest = f"/accounts/{sb.dnse_account}/ppse"
    cases = [
        ({"price": 69_500, "loanPackageId": CASH}, 400, "BAD_REQUEST"),  # no symbol
        ({"symbol": "VNM", "loanPackageId": CASH}, 400, "BAD_REQUEST"),  # no price
        ({"symbol": "VNM", "price": 69_500}, 400, "BAD_REQUEST"),  # no package
        ({"symbol": "VNM", "price": 69_500, "loanPackageId": 7}, 400, "INVALID_LOAN_PACKAGE"),
        ({"symbol": "NOPE", "price": 1_000, "loanPackageId": CASH}, 400, "SYMBOL_NOT_FOUND"),
    ]
    for params, status, code in cases:
        dnse.refused(dnse.send("GET", "order", rest, **params), status, code)
    other = dnse.send("GET", "order", "/accounts/0001234569/ppse", symbol="VNM", price=1)
    assert (
        dnse.refused(other, 403, "FORBIDDEN") == "Account 0001234569 is not one of this investor's"
    )
    derivative = f"/accounts/{sb.dnse_derivative_account}/derivative-ppse"
    r = dnse.send("GET", "order", derivative, symbol="VN30F2612", price=1_800, loanPackageId=1)
    assert "no futures" in dnse.refused(r, 400, "SYMBOL_NOT_FOUND")
