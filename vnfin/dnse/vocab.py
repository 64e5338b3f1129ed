"""The words DNSE LightSpeed uses (reference §4.1–§4.9), with the aliases vnfin allows, and the
limits vnfin keeps to."""

from __future__ import annotations

import re

from ..orders import OrderStatus

BASE_URL = "https://services.entrade.com.vn"
#: The host whose paths drop the ``dnse-`` service prefix (reference §4.1).
API_HOST = "api.dnse.com.vn"
LAYOUTS = ("entrade", "api")

LIFETIME = 8 * 3600.0  # seconds: the JWT and the trading token both live 8 h (§4.2, seed 003)
LOGIN_EARLY = 300.0  # log in again this long before the JWT's exp
TRADING_EARLY = 30.0  # a trading token this close to expiry is not sent (it could expire in flight)

TRADING_TOKEN_HEADER = "Trading-Token"  # noqa: S105 (a header name)
#: ``method=`` of ``trading_token`` → the header that carries the code (seed 003).
OTP_HEADERS = {"smart": "smart-otp", "email": "otp"}

# -- orders (§4.4, §4.5) -----------------------------------------------------------------------

SIDES = {"BUY": "NB", "SELL": "NS"}
STOCK_ORDER_TYPES = ("LO", "MP", "MTL", "ATO", "ATC", "MOK", "MAK")
DERIVATIVE_ORDER_TYPES = ("LO", "MTL", "ATO", "ATC", "MOK", "MAK")
#: The order types each exchange takes at some point of its day (which one the session allows
#: *now* is DNSE's call).
EXCHANGE_ORDER_TYPES = {
    "HOSE": ("LO", "MP", "ATO", "ATC"),
    "HNX": ("LO", "MTL", "MOK", "MAK", "ATC"),
    "UPCOM": ("LO",),
}
DERIVATIVE_TICK = 0.1  # index points (VN30 futures)
CASH_PACKAGE = "N"  # loan package type "N": no margin, cash only (§4.4)

S = OrderStatus
#: LightSpeed's ``orderStatus`` (§4.4; ``canceled`` for a cancelled order) → vnfin's. An open
#: status with fills is partially filled; ``doneForDay`` is an order the day ended.
STATUS: dict[str, OrderStatus] = {
    "pending": S.PENDING,
    "pendingnew": S.PENDING,
    "new": S.OPEN,
    "partiallyfilled": S.PARTIALLY_FILLED,
    "filled": S.FILLED,
    "canceled": S.CANCELLED,
    "cancelled": S.CANCELLED,
    "rejected": S.REJECTED,
    "expired": S.EXPIRED,
    "doneforday": S.EXPIRED,
}

#: The reject codes an order comes back with (``error``) or is refused with (400 ``code``),
#: and what they mean (§4.4).
REJECT_CODES: dict[str, str] = {
    "QMAX_EXCEED": "the quantity is more than the account can trade now (DNSE's qmax)",
    "INVALID_QUANTITY_LOT": (
        "the quantity is not a valid lot: whole lots of 100, or an odd lot of 1-99 shares"
    ),
    "PRICE_MUST_GREATER_THAN_OR_EQUAL_TO_FLOOR_PRICE": "the price is below today's floor",
    "PRICE_MUST_LESS_THAN_OR_EQUAL_TO_CEILING_PRICE": "the price is above today's ceiling",
    "INVALID_PRICE_LOT": "the price is not on the exchange's tick size",
    "SYMBOL_IS_NOT_IN_MARGIN_BASKET": (
        "the symbol is not in the loan package's margin basket: use the cash package or "
        "another loan package"
    ),
}

# -- conditional orders (§4.6) -----------------------------------------------------------------

CONDITIONS = (">=", "<=")
CONDITIONAL_ORDER_TYPES = ("LO", "MP", "MTL")
CONDITIONAL_MARKETS = {"stock": "UNDERLYING", "derivative": "DERIVATIVES"}
CONDITIONAL_STATUSES = (
    "NEW",
    "ACTIVATED",
    "REJECTED",
    "CANCELLED",
    "EXPIRED",
    "FAILED",
    "CANCELLED_BY_RIGHTS_EVENT",
)
CONDITIONAL_PAGE_SIZE = 100
CONDITIONAL_MAX_PAGES = 50

# -- the chart endpoint (§4.9) -----------------------------------------------------------------

#: Symbols the chart serves under ``index`` (in points); DNSE's own names ``HNX``/``UPCOM``
#: included. Every other symbol is a stock, or a derivative by :data:`DERIVATIVE_SYMBOL`.
INDICES = frozenset(
    {
        "VNINDEX",
        "VN30",
        "VN100",
        "VNALL",
        "VNALLSHARE",
        "VNXALLSHARE",
        "VNMIDCAP",
        "VNSMALLCAP",
        "VNDIAMOND",
        "VNFINLEAD",
        "VNFINSELECT",
        "HNX30",
        "HNXINDEX",
        "HNX",
        "UPCOMINDEX",
        "UPCOM",
    }
)
#: VN30/VN100 index futures and government bond futures (``VN30F2412``, ``VN30F1M``), and the
#: KRX-era codes (``41I1G4000``).
DERIVATIVE_SYMBOL = re.compile(r"^(?:(?:VN30|VN100|GB05|GB10)F[0-9A-Z]{2,4}|4\d[A-Z0-9]{7})$")
#: ``stock`` prices on the chart are ASSUMED to be thousands of VND (see §4.9 and the brief).
STOCK_SCALE = 1000.0
RESOLUTIONS = ("1D", "W", "1H", "30", "15", "5", "3", "1")
RESOLUTION_ALIASES = {
    "D": "1D",
    "DAY": "1D",
    "DAILY": "1D",
    "1DAY": "1D",
    "1W": "W",
    "WEEK": "W",
    "WEEKLY": "W",
    "60": "1H",
    "60M": "1H",
    "H": "1H",
    "1M": "1",
    "1MIN": "1",
    "3M": "3",
    "5M": "5",
    "5MIN": "5",
    "15M": "15",
    "15MIN": "15",
    "30M": "30",
    "30MIN": "30",
}
#: Days of bars asked for per request (the endpoint states no limit; one community note says
#: a day for one-minute derivative bars, so intraday windows stay short).
CHUNK_DAYS = {"1D": 366, "W": 1461, "1H": 90, "30": 45, "15": 21, "5": 7, "3": 3, "1": 1}
