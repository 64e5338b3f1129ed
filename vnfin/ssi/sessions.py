"""What the exchange says about each symbol's session, as FastConnect Data's ``F`` channel
streams it, so the pre-trade checks can use the exchange's word instead of the local clock.

While a ``ssi.stream.market(...)`` subscription that includes ``F:<symbols>`` (or ``F:ALL``)
runs, every ``F`` message is recorded here (symbol, ``TradingSession``, ``TradingStatus``,
when). A check on an order for a symbol seen today then refuses an order type the session
does not take, or any order while the market is closed or the symbol halted or suspended.
For a symbol not seen today, or a session code this table does not know, vnfin says nothing
and leaves the rule to SSI (ORD016), as it would without the stream.

Which order types each session takes, per exchange (HOSE, HNX and UPCOM trading rules):
continuous matching (``LO``) takes LO and the exchange's market orders (HOSE MP; HNX MTL, MOK,
MAK); HOSE's opening auction (``ATO``) takes LO and ATO; the closing auction (``ATC``) LO and
ATC (UPCOM: LO); the lunch break takes LO, queued for the afternoon; closed (``C``),
put-through only (``PT``) and halted (``HALT``/``H``) take none.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..frames import VN_TZ

NONE: tuple[str, ...] = ()
TYPES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "HOSE": {
        "ATO": ("LO", "ATO"),
        "LO": ("LO", "MP"),
        "BREAK": ("LO",),
        "ATC": ("LO", "ATC"),
        "PT": NONE,
        "C": NONE,
    },
    "HNX": {
        "LO": ("LO", "MTL", "MOK", "MAK"),
        "BREAK": ("LO",),
        "ATC": ("LO", "ATC"),
        "PT": NONE,
        "C": NONE,
    },
    "UPCOM": {"LO": ("LO",), "BREAK": ("LO",), "ATC": ("LO",), "PT": NONE, "C": NONE},
}
HALTED = {"HALT", "H"}
#: ``TradingStatus`` values under which a symbol takes no orders: halt, suspend, delisted,
#: suspended matching.
NOT_TRADING = {"H", "S", "D", "SA"}


@dataclass(frozen=True)
class Seen:
    session: str
    status: str
    day: dt.date


class SessionBoard:
    """The latest ``F`` message per symbol (thread-safe: streams and checks may run on
    different threads)."""

    def __init__(self) -> None:
        self._seen: dict[str, Seen] = {}
        self._lock = threading.Lock()

    def record(self, content: Mapping[str, Any], today: dt.date | None = None) -> None:
        """Keep one ``F`` message's ``Symbol``, ``TradingSession`` and ``TradingStatus``."""
        symbol = str(content.get("Symbol") or "").strip().upper()
        session = str(content.get("TradingSession") or "").strip().upper()
        if not symbol or not session:
            return
        status = str(content.get("TradingStatus") or "").strip().upper()
        day = today or pd.Timestamp.now(tz=VN_TZ).date()
        with self._lock:
            self._seen[symbol] = Seen(session, status, day)

    def allowed(
        self, symbol: str, exchange: str, today: dt.date | None = None
    ) -> tuple[str, tuple[str, ...]] | None:
        """(what the exchange said, the order types it takes now) for ``symbol`` on
        ``exchange``, or None when vnfin has not heard today or does not know the code."""
        with self._lock:
            seen = self._seen.get(symbol.upper())
        if seen is None or seen.day != (today or pd.Timestamp.now(tz=VN_TZ).date()):
            return None
        said = f"{seen.session} (FastConnect Data, channel F)"
        if seen.status in NOT_TRADING:
            return f"{said}, trading status {seen.status}", NONE
        if seen.session in HALTED:
            return said, NONE
        types = TYPES.get(exchange, {}).get(seen.session)
        return None if types is None else (said, types)
