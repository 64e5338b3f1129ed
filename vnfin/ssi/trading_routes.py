"""Every FastConnect Trading request vnfin makes, as pure functions: checked inputs in,
:class:`~vnfin._call.Call` out, no I/O (reference §1.3, §1.5–§1.7).

GETs put their fields in the query string (as :mod:`vnfin.ssi.routes` builds it); POSTs send
one compact JSON body, serialised once here: those bytes are signed and sent. Dates are
``DD/MM/YYYY``; stock prices are whole VND, derivative prices index points; ``price`` is 0 for
every order type but LO. Order bodies carry ``requestID`` (see :mod:`vnfin.ssi.ids`),
``deviceId`` and ``code: ""`` (the signer fills in a kept PIN/OTP when the write token was not
saved with it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .._call import Call, dumps
from .._version import __version__
from ..errors import ValidationError
from ..orders import Side
from . import vocab
from .auth import Credentials
from .routes import Param, TokenCall, day, get

TRADING = "/api/v2/Trading"
TOKEN = f"{TRADING}/AccessToken"
OTP = f"{TRADING}/GetOTP"
USER_AGENT = f"vnfin/{__version__}"
_ACCOUNT = re.compile(r"^[A-Za-z0-9]{1,20}$")
_ORDER_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def account_id(value: Any, argument: str = "account") -> str:
    """An SSI account such as ``1234567`` (derivative sub-account: ``12345678``)."""
    text = value if isinstance(value, str) else None
    if text is None or not _ACCOUNT.match(text.strip()):
        raise ValidationError(
            f"{argument} must be an SSI account number such as '1234567', got {value!r}",
            argument=argument,
        )
    return text.strip()


def order_id(value: Any) -> str:
    text = value if isinstance(value, str) else str(value) if isinstance(value, int) else None
    if text is None or not _ORDER_ID.match(text.strip()):
        raise ValidationError(f"order id {value!r} is not an SSI order id", argument="order")
    return text.strip()


def two_factor_type(value: Any) -> int:
    """0 (PIN) or 1 (OTP: SMS, e-mail or SmartOTP); ``"0"``/``"1"`` accepted."""
    if isinstance(value, str) and value.strip() in ("0", "1"):
        return int(value.strip())
    if value in (0, 1) and not isinstance(value, bool):
        return int(value)
    raise ValidationError(
        f"two_factor_type must be 0 (PIN) or 1 (OTP), got {value!r}", argument="two_factor_type"
    )


def code_text(value: Any) -> str:
    """A PIN or OTP: 1-32 digits or letters (never shown in an error)."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ValidationError("code must be the PIN or OTP as text", argument="code")
    text = str(value).strip()
    if not text or len(text) > 32 or not text.isascii() or not text.isalnum():
        raise ValidationError(
            f"code ({len(text)} characters, not shown) must be the PIN or OTP: letters and "
            "digits only",
            argument="code",
        )
    return text


# -- tokens (§1.3) ----------------------------------------------------------------------------


def read_token(credentials: Credentials, factor: int) -> Call:
    """``POST Trading/AccessToken`` for a read token: ``code: "1"``, ``isSave: false``, as
    SSI's own client asks for one. Issues a token and nothing else, so safe to send again."""
    body = {**credentials.body(), "twoFactorType": factor, "code": "1", "isSave": False}
    return TokenCall("POST", TOKEN, dumps(body), authenticated=False)


def verify(credentials: Credentials, factor: int, code: str, save: bool) -> Call:
    """``POST Trading/AccessToken`` with the real PIN/OTP: the write token. Sent once (an OTP
    is spent by its first use)."""
    body = {**credentials.body(), "twoFactorType": factor, "code": code, "isSave": save}
    return Call("POST", TOKEN, dumps(body), authenticated=False)


def get_otp(credentials: Credentials) -> Call:
    """``POST Trading/GetOTP {consumerID, consumerSecret}``: SSI sends an OTP by SMS/e-mail."""
    return Call("POST", OTP, dumps(credentials.body()), authenticated=False)


# -- reads (§1.6, §1.8) -----------------------------------------------------------------------


def _read(name: str, account: Any, *extra: Param) -> Call:
    acc = account_id(account)
    return get(f"{TRADING}/{name}", [("account", acc), *extra], account=acc)


def order_book(account: Any) -> Call:
    """``GET Trading/orderBook?account=``: today's orders."""
    return _read("orderBook", account)


def audit_order_book(account: Any) -> Call:
    """``GET Trading/auditOrderBook?account=``: today's orders with their error events."""
    return _read("auditOrderBook", account)


def order_history(account: Any, start: Any, end: Any) -> Call:
    """``GET Trading/orderHistory?account=&startDate=&endDate=`` (DD/MM/YYYY)."""
    first, last = day(start, "start"), day(end, "end")
    return _read("orderHistory", account, ("startDate", first), ("endDate", last))


def stock_position(account: Any) -> Call:
    return _read("stockPosition", account)


def derivative_position(account: Any, summary: bool = True) -> Call:
    """``GET Trading/derivPosition?account=&querySummary=`` (true: net positions)."""
    return _read("derivPosition", account, ("querySummary", bool(summary)))


def _price_param(price: Any) -> float | int:
    if price is None:
        return 0
    if isinstance(price, bool) or not isinstance(price, int | float) or price < 0:
        raise ValidationError(f"price must be a number >= 0, got {price!r}", argument="price")
    return int(price) if float(price).is_integer() else float(price)


def max_buy_quantity(account: Any, symbol: str, price: Any) -> Call:
    """``GET Trading/maxBuyQty?account=&instrumentID=&price=``."""
    return _read("maxBuyQty", account, ("instrumentID", symbol), ("price", _price_param(price)))


def max_sell_quantity(account: Any, symbol: str, price: Any = None) -> Call:
    """``GET Trading/maxSellQty?account=&instrumentID=&price=`` (price: as SSI's client)."""
    return _read("maxSellQty", account, ("instrumentID", symbol), ("price", _price_param(price)))


def cash_balance(account: Any) -> Call:
    return _read("cashAcctBal", account)


def margin(account: Any) -> Call:
    return _read("ppmmraccount", account)


def derivative_balance(account: Any) -> Call:
    return _read("derivAcctBal", account)


# -- writes (§1.6, §1.7) ------------------------------------------------------------------------


@dataclass(frozen=True)
class Ticket:
    """What every order write carries besides the order: its account, its fresh
    ``requestID`` and the ``deviceId``."""

    account: str
    request_id: str
    device_id: str


def _tail(ticket: Ticket) -> dict[str, Any]:
    return {"code": "", "deviceId": ticket.device_id, "userAgent": USER_AGENT}


def side_code(side: Side | str) -> str:
    """``B`` or ``S``, as SSI writes a side."""
    return {Side.BUY: "B", Side.SELL: "S"}[Side.parse(side)]


def _number(price: float | int | None) -> float | int:
    """A price as sent: 0 without one; whole numbers without a fraction."""
    if price is None:
        return 0
    return int(price) if float(price).is_integer() else float(price)


def new_order(
    ticket: Ticket,
    symbol: str,
    side: Side | str,
    order_type: str,
    price: float | int | None,
    quantity: int,
    *,
    derivative: bool = False,
) -> Call:
    """``POST Trading/NewOrder`` (``derNewOrder`` for derivatives), fields as SSI's client
    orders them (§1.7). ``side``: BUY/SELL (B/S); ``price`` None (market orders) sends 0."""
    body = {
        "account": ticket.account,
        "requestID": ticket.request_id,
        "instrumentID": symbol,
        "market": vocab.DERIVATIVE_MARKET if derivative else vocab.STOCK_MARKET,
        "buySell": side_code(side),
        "orderType": order_type,
        "price": _number(price if order_type == "LO" else None),
        "quantity": quantity,
        "stopOrder": False,
        "stopPrice": 0,
        "stopType": "",
        "stopStep": 0,
        "lossStep": 0,
        "profitStep": 0,
        "channelID": vocab.CHANNEL,
        **_tail(ticket),
    }
    name = "derNewOrder" if derivative else "NewOrder"
    return Call("POST", f"{TRADING}/{name}", dumps(body))


def modify_order(
    ticket: Ticket,
    order: str,
    symbol: str,
    side: Side | str,
    order_type: str,
    price: float | int | None,
    quantity: int,
    *,
    derivative: bool = False,
) -> Call:
    """``POST Trading/ModifyOrder`` (``derModifyOrder``): the order's new total ``quantity``
    and ``price``."""
    body = {
        "account": ticket.account,
        "requestID": ticket.request_id,
        "orderID": order,
        "marketID": vocab.DERIVATIVE_MARKET if derivative else vocab.STOCK_MARKET,
        "instrumentID": symbol,
        "price": _number(price if order_type == "LO" else None),
        "quantity": quantity,
        "buySell": side_code(side),
        "orderType": order_type,
        **_tail(ticket),
    }
    name = "derModifyOrder" if derivative else "ModifyOrder"
    return Call("POST", f"{TRADING}/{name}", dumps(body))


def cancel_order(
    ticket: Ticket, order: str, symbol: str, side: Side | str, *, derivative: bool = False
) -> Call:
    """``POST Trading/CancelOrder`` (``derCancelOrder``)."""
    body = {
        "account": ticket.account,
        "requestID": ticket.request_id,
        "orderID": order,
        "marketID": vocab.DERIVATIVE_MARKET if derivative else vocab.STOCK_MARKET,
        "instrumentID": symbol,
        "buySell": side_code(side),
        **_tail(ticket),
    }
    name = "derCancelOrder" if derivative else "CancelOrder"
    return Call("POST", f"{TRADING}/{name}", dumps(body))
