"""The Finhay endpoints the sandbox serves, in the documented shapes (reference §2.1, §2.2, §2.12).

Each handler takes parsed query parameters and returns a :class:`SandboxReply` with the
payload under the key the reference documents for that endpoint (``result`` or ``data``).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from typing import Any

import numpy as np

from .calendar import order_types, session_state
from .finhay_public import PublicRoutes
from .market import MarketEngine, snapshot
from .replies import SandboxReply, bad, error, num

RESOLUTIONS = {"1D": None, "5": 5, "15": 15, "30": 30, "1H": 60, "4H": 240}
EXCHANGES = ("HOSE", "HNX", "UPCOM")
SESSION_EXCHANGES = ("HOSE", "HNX", "UPCOM", "HCX")
USER_ID = 123456
SUB_ACCOUNTS = [
    {"id": "0001234567", "cust_id": "0001234500", "name": "Nguyễn Văn A",
     "depository_number": "120C001234", "product_type_name": ".1",
     "sub_account_ext": "120C001234.1", "type": "Normal"},
    {"id": "0001234568", "cust_id": "0001234500", "name": "Nguyễn Văn A",
     "depository_number": "120C001234", "product_type_name": ".6",
     "sub_account_ext": "120C001234.6", "type": "Margin"},
    {"id": "0001234569", "cust_id": "0001234500", "name": "Nguyễn Văn A",
     "depository_number": "120C001234", "product_type_name": ".4",
     "sub_account_ext": "120C001234.4", "type": "Normal"},
]  # fmt: skip


class Routes:
    """Finhay market and bootstrap endpoints over a :class:`MarketEngine`."""

    def __init__(self, engine: MarketEngine, market_clock: Callable[[], float]) -> None:
        self.engine = engine
        self.market_clock = market_clock
        self.public = PublicRoutes(engine, market_clock)
        self._table: dict[tuple[str, str], Callable[[dict[str, str]], SandboxReply]] = {
            ("GET", "/market/stock-realtime"): self.stock_realtime,
            ("GET", "/market/index-realtime"): self.index_realtime,
            ("GET", "/market/price-histories-chart"): self.price_history,
            ("GET", "/trading/market/session"): self.session,
            ("GET", "/users/v1/users/me"): lambda _: SandboxReply.ok("data", {"user_id": USER_ID}),
        }

    def dispatch(self, method: str, path: str, params: dict[str, str], body: bytes) -> SandboxReply:
        public = self.public.dispatch(method, path, params)
        if public is not None:
            return public
        handler = self._table.get((method, path))
        if handler is not None:
            return handler(params)
        m = re.fullmatch(r"/users/v1/users/(\d+)/sub-accounts", path)
        if method == "GET" and m:
            if int(m.group(1)) != USER_ID:
                return error(404, "404", "User not found")
            return SandboxReply.ok("result", SUB_ACCOUNTS)
        return error(404, "404", f"No route {method} {path}")

    # -- /market/stock-realtime ----------------------------------------------------------

    def stock_realtime(self, params: dict[str, str]) -> SandboxReply:
        given = [k for k in ("symbol", "symbols", "exchange") if params.get(k)]
        if len(given) != 1:
            return bad("Invalid parameter: pass exactly one of symbol, symbols, exchange")
        now = self.market_clock()
        instruments = self.engine.instruments
        if given[0] == "symbol":
            sym = params["symbol"].upper()
            if sym not in instruments:
                return bad("Invalid symbol")
            return SandboxReply.ok("result", self._quote(sym, now))
        if given[0] == "exchange":
            exchange = params["exchange"].upper()
            if exchange not in EXCHANGES:
                return bad("Invalid exchange")
            syms = [s for s, i in instruments.items() if i.exchange == exchange]
        else:
            syms = [
                s
                for s in (x.strip().upper() for x in params["symbols"].split(","))
                if s in instruments
            ]
        return SandboxReply.ok("result", [self._quote(s, now) for s in syms])

    def _quote(self, symbol: str, now: float) -> dict[str, Any]:
        inst = self.engine.instruments[symbol]
        st = snapshot(self.engine, symbol, now)
        ref, price = st["reference"], st["price"]
        last = price if price is not None else ref
        tick = self.engine.tick(symbol, last)
        rng = np.random.default_rng(
            [self.engine.seed, zlib.crc32(symbol.encode()), st["day"], int(now) // 60]
        )
        book: dict[str, Any] = {}
        for i in (1, 2, 3):
            bid, ask = last - (i - 1) * tick, last + i * tick
            book[f"buyPrice{i}"] = num(bid) if bid >= st["floor"] else None
            book[f"buyVol{i}"] = int(rng.integers(1, 300)) * 100 if bid >= st["floor"] else None
            book[f"sellPrice{i}"] = num(ask) if ask <= st["ceiling"] else None
            book[f"sellVol{i}"] = int(rng.integers(1, 300)) * 100 if ask <= st["ceiling"] else None
        fund = np.random.default_rng([self.engine.seed, zlib.crc32(symbol.encode()), 7])
        cap = last * inst.shares
        change = None if price is None else price - ref
        volume = st["volume"]
        return {
            "symbol": symbol, "price": num(price), "close": num(price), "reference": num(ref),
            "ceiling": num(st["ceiling"]), "floor": num(st["floor"]),
            "open": num(st["open"]), "high": num(st["high"]), "low": num(st["low"]),
            "average": num(st["average"]), "change": num(change),
            "changePercent": None if change is None else round(change / ref * 100, 2),
            "volume": volume and int(rng.integers(1, 50)) * 100, "totalVolume": volume,
            "totalValue": num(round(st["value"])), **book,
            "foreignBought": int(volume * rng.uniform(0, 0.15)) // 100 * 100,
            "foreignSold": int(volume * rng.uniform(0, 0.15)) // 100 * 100,
            "foreignRemain": int(inst.shares * float(fund.uniform(0.02, 0.3))),
            "remainBid": int(rng.integers(10, 5000)) * 100,
            "remainAsk": int(rng.integers(10, 5000)) * 100,
            "stockType": inst.stock_type, "exchange": inst.exchange, "name": inst.name,
            "createdAt": st["updated"] * 1000,
            "pe": round(float(fund.uniform(5, 30)), 2), "pb": round(float(fund.uniform(0.6, 5)), 2),
            "roe": round(float(fund.uniform(0.03, 0.3)), 4), "marketCap": num(cap),
            "marketCapCategory": ("Micro Cap" if cap < 1e11 else "Small Cap" if cap < 1e12
                                  else "Mid Cap" if cap < 1e13 else "Large Cap"),
            "outstandingShares": inst.shares,
        }  # fmt: skip

    # -- /market/index-realtime -----------------------------------------------------------

    def index_realtime(self, params: dict[str, str]) -> SandboxReply:
        if not params.get("index"):
            return bad("Invalid parameter: index is required")
        codes = [c.strip().upper() for c in params["index"].split(",")]
        now = self.market_clock()
        return SandboxReply.ok(
            "result", [self._index(c, now) for c in codes if c in self.engine.indices]
        )

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
        state = session_state(spec.exchange, engine.trading_now(now), minute)
        return {
            "index": code, "name": code, "indexValue": round(value, 2),
            "change": round(value - ref, 2), "changePercent": round((value - ref) / ref * 100, 2),
            "reference": round(ref, 2), "allQuantity": int(m.volume.sum()),
            "allValue": round(turnover), "advances": last["advances"],
            "declines": last["declines"], "nochanges": last["unchanged"],
            "ceiling": last["ceilings"], "floor": last["floors"],
            "values": m.close.round(2).tolist(), "volumes": m.volume.tolist(),
            "times": (m.start * 1000).tolist(),
            "advancesArr": breadth["advances"].tolist(),
            "declinesArr": breadth["declines"].tolist(),
            "nochangesArr": breadth["unchanged"].tolist(), "ceilings": breadth["ceilings"].tolist(),
            "floors": breadth["floors"].tolist(), "sessionInExchange": state,
        }  # fmt: skip

    # -- /market/price-histories-chart ----------------------------------------------------

    def price_history(self, params: dict[str, str]) -> SandboxReply:
        symbol = params.get("symbol", "").upper()
        if not symbol or (
            symbol not in self.engine.instruments and symbol not in self.engine.indices
        ):
            return bad("Invalid symbol")
        resolution = params.get("resolution", "1D")
        if resolution not in RESOLUTIONS:
            return bad(f"Invalid resolution: one of {', '.join(RESOLUTIONS)}")
        try:
            t0, t1 = int(params["from"]), int(params["to"])
        except (KeyError, ValueError):
            return bad("Invalid parameter: from and to are required Unix seconds")
        if t0 < 0 or t1 < 0 or t0 > t1:
            return bad("Invalid parameter: need 0 <= from <= to")
        bars = self.engine.bars(symbol, RESOLUTIONS[resolution], t0, t1, self.market_clock())
        index = symbol in self.engine.indices

        def prices(a: np.ndarray) -> list[Any]:
            values: list[Any] = (a.round(2) if index else a.astype(np.int64)).tolist()
            return values

        return SandboxReply.ok("data", {
            "symbol": symbol, "resolution": resolution, "time": bars["time"].tolist(),
            "open": prices(bars["open"]), "close": prices(bars["close"]),
            "high": prices(bars["high"]), "low": prices(bars["low"]),
            "volume": bars["volume"].astype(np.int64).tolist(),
        })  # fmt: skip

    # -- /trading/market/session -----------------------------------------------------------

    def session(self, params: dict[str, str]) -> SandboxReply:
        exchange = params.get("exchange", "").upper()
        if exchange not in SESSION_EXCHANGES:
            return bad("Invalid exchange")
        now = self.market_clock()
        _, minute = self.engine.today(now)
        state = session_state(exchange, self.engine.trading_now(now), minute)
        return SandboxReply.ok(
            "result",
            {
                "exchange": exchange,
                "exchange_session": state,
                "available_order_types": order_types(exchange, state),
            },
        )
