"""DNSE LightSpeed's paths in both layouts (reference §4.1): the ``services.entrade.com.vn``
one with ``dnse-`` service prefixes (``/dnse-auth-service/login``) and the ``api.dnse.com.vn``
one without (``/auth-service/login``). :func:`canonical` folds the first onto the second;
:data:`ROUTES` lists every route by method and canonical path pattern (``{name}`` a path
segment), with its kind:

* ``open`` — no credentials (login, the chart);
* ``auth`` — Bearer only, the investor's profile and second factors;
* ``read`` — Bearer;
* ``write`` — Bearer and ``Trading-Token``; an **order write** (place and cancel, stock,
  derivative and conditional): counted, and subject to ``Faults.next_order_write``;
* ``guarded`` — Bearer and ``Trading-Token``, not an order write (pnl-configs).

Conditional orders, the derivative deal risk and the chart have one path in both layouts.
Paths are case-sensitive (Spring's); a trailing ``/`` is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREFIXED = ("auth-service", "user-service", "order-service", "deal-service", "derivative-core")
PREFIXES = (
    *(f"/dnse-{s}" for s in PREFIXED),
    *(f"/{s}" for s in PREFIXED),
    "/derivative-deal-risk",
    "/conditional-order-api",
    "/chart-api",
)
ORDERS = "/order-service/v2/orders"
DERIVATIVE_ORDERS = "/order-service/derivative/orders"
ACCOUNT = "/order-service/accounts/{account}"
CONDITIONAL = "/conditional-order-api/v1/orders"


@dataclass(frozen=True)
class Route:
    method: str
    pattern: str
    kind: str  # open, auth, read, write, guarded
    name: str  # the handler's name in the app's table


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + r"\Z")


ROUTES = (
    Route("POST", "/auth-service/login", "open", "login"),
    Route("POST", "/user-service/api/auth", "open", "login"),  # the market-data pages' name
    Route("GET", "/user-service/api/me", "auth", "me"),
    Route("GET", "/auth-service/api/email-otp", "auth", "email_otp"),
    Route("POST", "/order-service/trading-token", "auth", "trading_token"),
    Route("GET", "/order-service/accounts", "read", "accounts"),
    Route("GET", "/order-service/account-balances/{account}", "read", "balance"),
    Route("GET", f"{ACCOUNT}/loan-packages", "read", "loan_packages"),
    Route("GET", f"{ACCOUNT}/ppse", "read", "ppse"),
    Route("GET", f"{ACCOUNT}/derivative-loan-packages", "read", "derivative_loan_packages"),
    Route("GET", f"{ACCOUNT}/derivative-ppse", "read", "derivative_ppse"),
    Route("POST", ORDERS, "write", "place"),
    Route("GET", ORDERS, "read", "orders"),
    Route("GET", f"{ORDERS}/{{id}}", "read", "order"),
    Route("DELETE", f"{ORDERS}/{{id}}", "write", "cancel"),
    Route("POST", DERIVATIVE_ORDERS, "write", "derivative_place"),
    Route("GET", DERIVATIVE_ORDERS, "read", "derivative_orders"),
    Route("GET", f"{DERIVATIVE_ORDERS}/{{id}}", "read", "derivative_order"),
    Route("DELETE", f"{DERIVATIVE_ORDERS}/{{id}}", "write", "derivative_order"),
    Route("GET", "/deal-service/deals", "read", "deals"),
    Route("GET", "/derivative-core/deals", "read", "derivative_deals"),
    Route("POST", "/derivative-deal-risk/pnl-configs/{deal}", "guarded", "pnl_config"),
    Route("POST", CONDITIONAL, "write", "conditional_place"),
    Route("GET", CONDITIONAL, "read", "conditional_list"),
    Route("GET", f"{CONDITIONAL}/{{id}}", "read", "conditional_detail"),
    Route("PATCH", f"{CONDITIONAL}/{{id}}/cancel", "write", "conditional_cancel"),
    Route("GET", "/chart-api/v2/ohlcs/{kind}", "open", "chart"),
)
_TABLE = [(route, _compile(route.pattern)) for route in ROUTES]


def canonical(path: str) -> str:
    """``path`` in the ``api.dnse.com.vn`` layout, without a trailing ``/``."""
    path = path.rstrip("/") or "/"
    head, sep, rest = path[1:].partition("/")
    if head.startswith("dnse-") and head[5:] in PREFIXED:
        return f"/{head[5:]}{sep}{rest}"
    return path


def match(path: str) -> list[tuple[Route, dict[str, str]]]:
    """Every route whose pattern matches ``path`` (canonical), with its path parameters."""
    found = []
    for route, regex in _TABLE:
        m = regex.match(path)
        if m is not None:
            found.append((route, m.groupdict()))
    return found
