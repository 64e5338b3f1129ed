"""Finhay's market and session endpoints and ``/users/v1/users/me`` (reference §2.1, §2.2,
§2.12); the routes with ids in their paths are in :mod:`.trading`.

Each handler takes the parsed query parameters and returns a :class:`~..replies.Reply` with
the payload under the key the reference documents for that endpoint (``result`` or ``data``);
bad parameters raise :class:`.envelope.Refusal` (a 400 envelope).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..replies import Reply, num
from ..world import World
from ..world.calendar import order_types, session_state
from ..world.exchange import EXCHANGES
from ..world.quotes import Quote, quote
from .envelope import Refusal, ok

RESOLUTIONS = {"1D": None, "5": 5, "15": 15, "30": 30, "1H": 60, "4H": 240}
SESSION_EXCHANGES = (*EXCHANGES, "HCX")
LATEST_SECOND = 2**33  # from/to beyond the year 2242 are refused


def _cap_category(cap: float) -> str:
    if cap < 1e11:
        return "Micro Cap"
    if cap < 1e12:
        return "Small Cap"
    return "Mid Cap" if cap < 1e13 else "Large Cap"


def quote_record(q: Quote) -> dict[str, Any]:
    """One ``/market/stock-realtime`` record (reference §2.2)."""
    inst, st = q.instrument, q.session
    price, ref = st.price, st.reference
    change = None if price is None else price - ref
    book: dict[str, Any] = {}
    for i, ((bid, bid_volume), (ask, ask_volume)) in enumerate(
        zip(q.bids, q.asks, strict=True), start=1
    ):
        book[f"buyPrice{i}"] = num(bid)
        book[f"buyVol{i}"] = bid_volume
        book[f"sellPrice{i}"] = num(ask)
        book[f"sellVol{i}"] = ask_volume
    return {
        "symbol": inst.symbol,
        "price": num(price),
        "close": num(price),
        "reference": num(ref),
        "ceiling": num(st.ceiling),
        "floor": num(st.floor),
        "open": num(st.open),
        "high": num(st.high),
        "low": num(st.low),
        "average": num(st.average),
        "change": num(change),
        "changePercent": None if change is None else round(change / ref * 100, 2),
        "volume": q.last_volume,
        "totalVolume": st.volume,
        "totalValue": num(round(st.value)),
        **book,
        "foreignBought": q.foreign_bought,
        "foreignSold": q.foreign_sold,
        "foreignRemain": q.foreign_room,
        "remainBid": q.bid_depth,
        "remainAsk": q.ask_depth,
        "stockType": inst.stock_type,
        "exchange": inst.exchange,
        "name": inst.name,
        "createdAt": st.updated * 1000,
        "pe": q.pe,
        "pb": q.pb,
        "roe": q.roe,
        "marketCap": num(q.market_cap),
        "marketCapCategory": _cap_category(q.market_cap),
        "outstandingShares": inst.shares,
    }


class Routes:
    """Market, session and bootstrap endpoints over the simulated world."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.engine = world.engine
        self._table: dict[tuple[str, str], Callable[[dict[str, str]], Reply]] = {
            ("GET", "/market/stock-realtime"): self.stock_realtime,
            ("GET", "/market/index-realtime"): self.index_realtime,
            ("GET", "/market/price-histories-chart"): self.price_history,
            ("GET", "/trading/market/session"): self.session,
            ("GET", "/users/v1/users/me"): self.me,
        }

    def methods(self, path: str) -> frozenset[str]:
        """The methods ``path`` answers here (empty when it is not one of these routes)."""
        return frozenset(m for m, p in self._table if p == path)

    def dispatch(self, method: str, path: str, params: dict[str, str]) -> Reply | None:
        handler = self._table.get((method, path))
        return None if handler is None else handler(params)

    def me(self, params: dict[str, str]) -> Reply:
        """The user the API key belongs to: the world's first (default) account."""
        return ok("data", {"user_id": next(iter(self.world.accounts))})

    # -- /market/stock-realtime ----------------------------------------------------------

    def stock_realtime(self, params: dict[str, str]) -> Reply:
        given = [k for k in ("symbol", "symbols", "exchange") if params.get(k)]
        if len(given) != 1:
            raise Refusal("Invalid parameter: pass exactly one of symbol, symbols, exchange")
        now = self.world.clock()
        instruments = self.engine.instruments
        if given[0] == "symbol":
            symbol = params["symbol"].upper()
            if symbol not in instruments:
                raise Refusal("Invalid symbol")
            return ok("result", quote_record(quote(self.engine, symbol, now)))
        if given[0] == "exchange":
            exchange = params["exchange"].upper()
            if exchange not in EXCHANGES:
                raise Refusal("Invalid exchange")
            symbols = [s for s, i in instruments.items() if i.exchange == exchange]
        else:
            wanted = (x.strip().upper() for x in params["symbols"].split(","))
            symbols = [s for s in wanted if s in instruments]
        records = [quote_record(quote(self.engine, s, now)) for s in symbols]
        return ok("result", records)

    # -- /market/index-realtime -----------------------------------------------------------

    def index_realtime(self, params: dict[str, str]) -> Reply:
        if not params.get("index"):
            raise Refusal("Invalid parameter: index is required")
        codes = [c.strip().upper() for c in params["index"].split(",")]
        now = self.world.clock()
        return ok("result", [self._index(c, now) for c in codes if c in self.engine.indices])

    def _index(self, code: str, now: float) -> dict[str, Any]:
        engine, spec = self.engine, self.engine.indices[code]
        day, minute = engine.today(now)
        ref = float(engine.index_daily(code).reference[day])
        m = engine.minutes_until(code, day, now)
        breadth = engine.breadth(code, day, now)
        value = float(m.close[-1]) if len(m.close) else ref
        turnover = sum(
            float((mm.close * mm.volume).sum())
            for mm in (engine.minutes_until(s, day, now) for s in spec.members)
        )
        last = {k: int(v[-1]) if len(v) else 0 for k, v in breadth.items()}
        return {
            "index": code,
            "name": code,
            "indexValue": round(value, 2),
            "change": round(value - ref, 2),
            "changePercent": round((value - ref) / ref * 100, 2),
            "reference": round(ref, 2),
            "allQuantity": int(m.volume.sum()),
            "allValue": round(turnover),
            "advances": last["advances"],
            "declines": last["declines"],
            "nochanges": last["unchanged"],
            "ceiling": last["ceilings"],
            "floor": last["floors"],
            "values": m.close.round(2).tolist(),
            "volumes": m.volume.tolist(),
            "times": (m.start * 1000).tolist(),
            "advancesArr": breadth["advances"].tolist(),
            "declinesArr": breadth["declines"].tolist(),
            "nochangesArr": breadth["unchanged"].tolist(),
            "ceilings": breadth["ceilings"].tolist(),
            "floors": breadth["floors"].tolist(),
            "sessionInExchange": session_state(spec.exchange, engine.trading_now(now), minute),
        }

    # -- /market/price-histories-chart ----------------------------------------------------

    def price_history(self, params: dict[str, str]) -> Reply:
        symbol = params.get("symbol", "").upper()
        if not symbol or (
            symbol not in self.engine.instruments and symbol not in self.engine.indices
        ):
            raise Refusal("Invalid symbol")
        resolution = params.get("resolution", "1D")
        if resolution not in RESOLUTIONS:
            raise Refusal(f"Invalid resolution: one of {', '.join(RESOLUTIONS)}")
        try:
            t0, t1 = int(params["from"]), int(params["to"])
        except (KeyError, ValueError):
            raise Refusal("Invalid parameter: from and to are required Unix seconds") from None
        if t0 < 0 or t1 < 0 or t0 > t1 or t1 > LATEST_SECOND:
            raise Refusal(f"Invalid parameter: need 0 <= from <= to <= {LATEST_SECOND}")
        bars = self.engine.bars(symbol, RESOLUTIONS[resolution], t0, t1, self.world.clock())
        index = symbol in self.engine.indices

        def prices(a: np.ndarray) -> list[Any]:
            values: list[Any] = (a.round(2) if index else a.astype(np.int64)).tolist()
            return values

        payload = {
            "symbol": symbol,
            "resolution": resolution,
            "time": bars["time"].tolist(),
            "open": prices(bars["open"]),
            "close": prices(bars["close"]),
            "high": prices(bars["high"]),
            "low": prices(bars["low"]),
            "volume": bars["volume"].astype(np.int64).tolist(),
        }
        return ok("data", payload)

    # -- /trading/market/session -----------------------------------------------------------

    def session(self, params: dict[str, str]) -> Reply:
        exchange = params.get("exchange", "").upper()
        if exchange not in SESSION_EXCHANGES:
            raise Refusal("Invalid exchange")
        now = self.world.clock()
        _, minute = self.engine.today(now)
        state = session_state(exchange, self.engine.trading_now(now), minute)
        payload = {
            "exchange": exchange,
            "exchange_session": state,
            "available_order_types": order_types(exchange, state),
        }
        return ok("result", payload)
