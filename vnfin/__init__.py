"""vnfin: Vietnamese brokerage APIs as pandas DataFrames, from a notebook.

>>> import vnfin
>>> from vnfin.sandbox import Sandbox
>>> fh = Sandbox().finhay()          # or vnfin.Finhay() with FINHAY_API_KEY/SECRET set
>>> ssi = Sandbox().ssi()            # or vnfin.SSI() with the SSI_* variables set
>>> dnse = Sandbox().dnse()          # or vnfin.DNSE() with DNSE_USERNAME/PASSWORD set
>>> fh.market.history("VNM", "2024-01-01", "2024-01-31").close.iloc[-1] > 0
True

``import vnfin`` loads neither plotly nor ipywidgets; they are imported when a chart or a
widget is first used.
"""

from . import errors
from ._loop import use_nest_asyncio
from ._version import __version__
from .account import AccountSnapshot, Position
from .dnse import DNSE, AsyncDNSE
from .errors import (
    APIError,
    AuthError,
    BadRequest,
    NotFound,
    OrderRejected,
    OrderStateUnknown,
    RateLimitError,
    RequestTimeout,
    ResponseError,
    ServerError,
    TransportError,
    TwoFactorRequired,
    ValidationError,
    VnfinError,
)
from .finhay import AsyncFinhay, Finhay
from .orders import Order, OrderRequest, OrderStatus, OrderType, Side
from .ssi import SSI, AsyncSSI
from .store import Store

__all__ = [
    "DNSE",
    "SSI",
    "APIError",
    "AccountSnapshot",
    "AsyncDNSE",
    "AsyncFinhay",
    "AsyncSSI",
    "AuthError",
    "BadRequest",
    "Finhay",
    "NotFound",
    "Order",
    "OrderRejected",
    "OrderRequest",
    "OrderStateUnknown",
    "OrderStatus",
    "OrderType",
    "Position",
    "RateLimitError",
    "RequestTimeout",
    "ResponseError",
    "ServerError",
    "Side",
    "Store",
    "TransportError",
    "TwoFactorRequired",
    "ValidationError",
    "VnfinError",
    "__version__",
    "errors",
    "use_nest_asyncio",
]
