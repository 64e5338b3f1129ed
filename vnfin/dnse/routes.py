"""Every DNSE LightSpeed request vnfin makes that is not an order write, as pure functions:
checked inputs in, :class:`~vnfin._call.Call` out, no I/O (reference §4.1–§4.5, §4.9). The
order writes and the conditional orders are in :mod:`vnfin.dnse.trading_routes`.

Paths depend on the :class:`Layout`: ``services.entrade.com.vn`` prefixes each service with
``dnse-`` (``/dnse-order-service/...``), ``api.dnse.com.vn`` does not (reference §4.1); the
chart and the conditional orders have one path in both. Query parameters keep DNSE's names, in
the order given, ``None`` left out, percent-encoded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from .. import _inputs
from .._call import Call, dumps
from ..errors import ValidationError
from . import vocab

Param = tuple[str, str | int | float | bool | None]
CHART = "/chart-api/v2/ohlcs"
_ACCOUNT = re.compile(r"^[A-Za-z0-9]{1,20}$")
_ORDER_ID = re.compile(r"^[0-9]{1,20}$")
_TRADING_TOKEN = re.compile(r"/(?:dnse-)?order-service/trading-token$")


@dataclass(frozen=True)
class Layout:
    """Which of DNSE's two path layouts a host uses: ``"entrade"`` (``/dnse-<service>``) or
    ``"api"`` (``/<service>``)."""

    name: str

    def service(self, name: str) -> str:
        """``/dnse-order-service`` or ``/order-service`` for ``name="order-service"``."""
        return f"/dnse-{name}" if self.name == "entrade" else f"/{name}"

    @classmethod
    def of(cls, base_url: str, layout: Any = None) -> Layout:
        """``layout=`` checked, else the base URL's: ``api.dnse.com.vn`` drops the prefix,
        any other host (``services.entrade.com.vn``, a sandbox) keeps it."""
        if layout is not None:
            return cls(_inputs.choice(layout, vocab.LAYOUTS, "layout"))
        host = httpx.URL(base_url).host.lower()
        return cls("api" if host == vocab.API_HOST else "entrade")


@dataclass(frozen=True, repr=False)
class LoginCall(Call):
    """``POST .../login``: it only issues a JWT, so it is retried like a read and never taken
    for an interrupted write. Its body holds the password: its repr does not show it."""

    @property
    def retryable(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"LoginCall(method={self.method!r}, target={self.target!r}, body=<not shown>)"


def _encode(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return quote(str(value), safe="")


def target(path: str, params: Sequence[Param] = ()) -> str:
    """``path[?query]`` (see the module docstring)."""
    query = "&".join(f"{quote(k, safe='')}={_encode(v)}" for k, v in params if v is not None)
    return f"{path}?{query}" if query else path


def get(path: str, params: Sequence[Param] = (), **inputs: Any) -> Call:
    """A GET of ``path``; ``inputs`` are the checked arguments, for ``df.attrs``."""
    return Call("GET", target(path, params), inputs=inputs)


def account_id(value: Any, argument: str = "account") -> str:
    """A DNSE sub-account number such as ``'0001000115'`` (letters and digits)."""
    text = value.strip() if isinstance(value, str) else None
    if text is None or not _ACCOUNT.match(text):
        raise ValidationError(
            f"{argument} must be a DNSE sub-account number such as '0001000115', got {value!r}",
            argument=argument,
        )
    return text


def order_id(value: Any, argument: str = "order") -> str:
    """An order id: DNSE's ids are integers (``12345`` or ``'12345'``)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    text = value.strip() if isinstance(value, str) else None
    if text is None or not _ORDER_ID.match(text):
        raise ValidationError(
            f"{argument} must be a DNSE order id (an integer) or a vnfin.Order, got {value!r}",
            argument=argument,
        )
    return text


def price_param(value: Any, argument: str = "price") -> int | float:
    """A price as a query parameter: positive; whole numbers without a fraction."""
    number = _inputs.number(value, argument)
    return int(number) if number.is_integer() else number


# -- auth (§4.2) -------------------------------------------------------------------------------


def login(layout: Layout, username: str, password: str) -> LoginCall:
    """``POST .../auth-service/login {username, password}`` → ``{token}``; no bearer."""
    body = dumps({"username": username, "password": password})
    path = f"{layout.service('auth-service')}/login"
    return LoginCall("POST", path, body, authenticated=False)


def me(layout: Layout) -> Call:
    """``GET .../user-service/api/me``: the investor's profile."""
    return get(f"{layout.service('user-service')}/api/me")


def email_otp(layout: Layout) -> Call:
    """``GET .../auth-service/api/email-otp``: DNSE e-mails a code (2 minutes, single use)."""
    return get(f"{layout.service('auth-service')}/api/email-otp")


def trading_token(layout: Layout) -> Call:
    """``POST .../order-service/trading-token`` with an empty body; the signer adds the
    ``smart-otp`` or ``otp`` header (the code is never in the call). Sent once: a code is
    spent by its first use."""
    return Call("POST", f"{layout.service('order-service')}/trading-token", b"")


def is_trading_token(path: str) -> bool:
    """Whether ``path`` is the trading-token request's, in either layout."""
    return _TRADING_TOKEN.search(path.rstrip("/")) is not None


# -- account (§4.3–§4.5) -----------------------------------------------------------------------


def accounts(layout: Layout) -> Call:
    """``GET .../order-service/accounts`` → ``{accounts: [...]}``."""
    return get(f"{layout.service('order-service')}/accounts")


def balance(layout: Layout, account: Any) -> Call:
    """``GET .../order-service/account-balances/{account}``."""
    acc = account_id(account)
    return get(f"{layout.service('order-service')}/account-balances/{acc}", account=acc)


def loan_packages(layout: Layout, account: Any, *, derivative: bool = False) -> Call:
    """``GET .../accounts/{account}/loan-packages`` (``derivative-loan-packages``)."""
    acc = account_id(account)
    name = "derivative-loan-packages" if derivative else "loan-packages"
    return get(f"{layout.service('order-service')}/accounts/{acc}/{name}", account=acc)


def ppse(
    layout: Layout,
    account: Any,
    symbol: Any,
    price: Any,
    loan_package: Any,
    *,
    derivative: bool = False,
) -> Call:
    """``GET .../accounts/{account}/ppse?symbol=&price=&loanPackageId=`` (``derivative-ppse``):
    buying power, ``qmax`` and ``tradeQuantity`` at ``price``."""
    acc = account_id(account)
    sym = _inputs.symbol(symbol)
    package = loan_package_id(loan_package)
    name = "derivative-ppse" if derivative else "ppse"
    params: list[Param] = [
        ("symbol", sym),
        ("price", price_param(price)),
        ("loanPackageId", package),
    ]
    path = f"{layout.service('order-service')}/accounts/{acc}/{name}"
    return get(path, params, account=acc, symbol=sym, loan_package=package)


def loan_package_id(value: Any) -> int | str:
    """A loan package id as DNSE lists it (an integer, or text for a package so named)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, str) and _ACCOUNT.match(value.strip()):
        return value.strip()
    raise ValidationError(
        f"loan_package must be a loan package id from account.loan_packages(), got {value!r}",
        argument="loan_package",
    )


def _orders_path(layout: Layout, derivative: bool) -> str:
    base = layout.service("order-service")
    return f"{base}/derivative/orders" if derivative else f"{base}/v2/orders"


def orders(layout: Layout, account: Any, *, derivative: bool = False) -> Call:
    """``GET .../order-service/v2/orders?accountNo=`` (``derivative/orders``): today's."""
    acc = account_id(account)
    return get(_orders_path(layout, derivative), [("accountNo", acc)], account=acc)


def order(layout: Layout, account: Any, order: Any, *, derivative: bool = False) -> Call:
    """``GET .../v2/orders/{id}?accountNo=`` (``derivative/orders/{id}``)."""
    acc, oid = account_id(account), order_id(order)
    path = f"{_orders_path(layout, derivative)}/{oid}"
    return get(path, [("accountNo", acc)], account=acc, order_id=oid)


def deals(layout: Layout, account: Any, *, derivative: bool = False) -> Call:
    """``GET .../deal-service/deals?accountNo=`` (``derivative-core/deals``)."""
    acc = account_id(account)
    service = "derivative-core" if derivative else "deal-service"
    return get(f"{layout.service(service)}/deals", [("accountNo", acc)], account=acc)


# -- the chart (§4.9) --------------------------------------------------------------------------


def chart_kind(symbol: str) -> str:
    """``index`` for an index (:data:`~vnfin.dnse.vocab.INDICES`), ``derivative`` for a
    futures code, else ``stock``."""
    if symbol in vocab.INDICES:
        return "index"
    if vocab.DERIVATIVE_SYMBOL.match(symbol):
        return "derivative"
    return "stock"


def resolution(value: Any) -> str:
    """``1D``, ``W``, ``1H`` or minutes ``30 15 5 3 1`` (aliases ``D``, ``1h``, ``5m`` …)."""
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    return _inputs.choice(text, vocab.RESOLUTIONS, "resolution", vocab.RESOLUTION_ALIASES)


def chart(symbol: str, res: str, start: int, end: int) -> Call:
    """``GET /chart-api/v2/ohlcs/{stock|index|derivative}?symbol=&resolution=&from=&to=``
    (epoch seconds; no auth, unofficial: reference §4.9) for one window."""
    kind = chart_kind(symbol)
    params: list[Param] = [("symbol", symbol), ("resolution", res), ("from", start), ("to", end)]
    return Call("GET", target(f"{CHART}/{kind}", params), authenticated=False)
