"""The words SSI FastConnect v2 uses (reference §1.7, §1.10, §2.2), with the aliases vnfin
allows, and the limits its endpoints set."""

from __future__ import annotations

from ..orders import OrderStatus
from ..rules import EXCHANGES

TRADING_URL = "https://fc-tradeapi.ssi.com.vn"
DATA_URL = "https://fc-data.ssi.com.vn"
#: The SignalR hosts (reference §1.1, §2.1), for the order and market streams.
TRADING_HUB_URL = "https://fc-tradehub.ssi.com.vn"
DATA_HUB_URL = "https://fc-datahub.ssi.com.vn"

# -- FastConnect Data (§2.2) ----------------------------------------------------------------

#: ``market`` of Securities/SecuritiesDetails/DailyStockPrice; ``DER`` = derivatives.
DATA_MARKETS = (*EXCHANGES, "DER")
INDEX_EXCHANGES = ("HOSE", "HNX")
#: DailyOhlc refuses ranges longer than this (status 400).
MAX_DAYS = 30
#: Page sizes each endpoint takes; vnfin asks for the largest.
PAGE_SIZE = {
    "Securities": 1000,
    "SecuritiesDetails": 1000,
    "IndexComponents": 1000,
    "IndexList": 1000,
    "DailyOhlc": 1000,
    "IntradayOhlc": 1000,
    "DailyIndex": 1000,
    "DailyStockPrice": 100,
}
#: Pages followed at most (Securities allows pageIndex 1–10; the others state no limit).
MAX_PAGES = {"Securities": 10, "SecuritiesDetails": 10}
DEFAULT_MAX_PAGES = 100

#: ``resolution``: ``1D`` (DailyOhlc) or minutes (IntradayOhlc's integer ``resolution``).
RESOLUTIONS = ("1D", "1", "5", "15", "30", "60")
RESOLUTION_ALIASES = {
    "D": "1D",
    "DAY": "1D",
    "DAILY": "1D",
    "1DAY": "1D",
    "1M": "1",
    "1MIN": "1",
    "M1": "1",
    "5M": "5",
    "5MIN": "5",
    "15M": "15",
    "15MIN": "15",
    "30M": "30",
    "30MIN": "30",
    "1H": "60",
    "60M": "60",
    "H": "60",
}
#: Longest window of intraday bars asked for in one request (then paged).
INTRADAY_DAYS = 7

# -- FastConnect Trading (§1.7, §1.10) --------------------------------------------------------

STOCK_MARKET, DERIVATIVE_MARKET = "VN", "VNFE"
CHANNEL = "TA"  # TradeAPI
STOCK_ORDER_TYPES = ("LO", "ATO", "ATC", "MP", "MTL", "MOK", "MAK", "PLO")
DERIVATIVE_ORDER_TYPES = ("LO", "ATO", "ATC", "MTL", "MOK", "MAK")
#: The order types each exchange takes at some point of its day (which one applies *now* is
#: the exchange's word: SSI answers ORD016 otherwise).
EXCHANGE_ORDER_TYPES = {
    "HOSE": ("LO", "MP", "ATO", "ATC"),
    "HNX": ("LO", "MTL", "MOK", "MAK", "ATC", "PLO"),
    "UPCOM": ("LO",),
}
DERIVATIVE_TICK = 0.1  # index points, when SecuritiesDetails gives no tick table

S = OrderStatus
#: SSI's order statuses (reference §1.10) → vnfin's; an open status with fills is
#: partially filled, and FFPC (filled partially, then cancelled) is cancelled.
STATUS: dict[str, OrderStatus] = {
    "WA": S.PENDING,  # waiting approval
    "RS": S.PENDING,  # ready to send
    "SD": S.PENDING,  # sent to the exchange, not yet queued
    "IAV": S.PENDING,  # pre-session order
    "SOR": S.PENDING,  # stop order ready
    "SOS": S.PENDING,  # stop order sent
    "SOI": S.PENDING,  # pre-session stop order
    "QU": S.OPEN,  # queued at the exchange
    "WM": S.OPEN,  # waiting to be modified
    "WC": S.OPEN,  # waiting to be cancelled
    "PF": S.PARTIALLY_FILLED,
    "FF": S.FILLED,
    "FFPC": S.CANCELLED,
    "CL": S.CANCELLED,
    "RJ": S.REJECTED,
    "EX": S.EXPIRED,
}
