"""SSI FastConnect v2: RSA signer, tokens, envelope, endpoint groups, the order and market
streams, and the two client faces."""

from .auth import load_private_key, sign
from .client import SSI, AsyncSSI
from .events import (
    MarketMessage,
    OrderError,
    OrderEvent,
    OrderMatchEvent,
    PortfolioEvent,
    StreamEvent,
)

__all__ = [
    "SSI",
    "AsyncSSI",
    "MarketMessage",
    "OrderError",
    "OrderEvent",
    "OrderMatchEvent",
    "PortfolioEvent",
    "StreamEvent",
    "load_private_key",
    "sign",
]
