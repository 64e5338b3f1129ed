"""FCData's reference lists over the simulated world (reference §2.2): ``Securities``,
``SecuritiesDetails``, ``IndexComponents``, ``IndexList``. Parameters by name in any case,
values too (``market=hose``, ``indexCode=vn30``); each handler returns the matched rows'
page and the number matched, for :func:`.shape.answer`.

* ``Securities`` (``market`` HOSE/HNX/UPCOM/DER, empty = all; ``pageIndex`` 1–10,
  ``pageSize`` 10/20/50/100/1000) → ``Market``, ``Symbol``, ``StockName``, ``StockEnName``,
  by exchange then symbol. DER and BOND list nothing (the world has no futures or bonds).
* ``SecuritiesDetails`` (``market``, ``symbol``; same paging) → one record ``{RType: "y",
  ReportDate, TotalNoSym, RepeatedInfo: [...]}`` whose ``RepeatedInfo`` is the page:
  ``Isin`` (simulated), ``SecType`` (``ST`` stock, ``EF`` ETF), ``MarketId``/``Exchange``,
  ``LotSize`` 100, ``ListedShare``, and the tick table of the exchange rules
  (:mod:`..world.exchange`): ``TickPrice1..4`` the price each tier starts at and
  ``TickIncrement1..4`` its tick (HOSE stocks 0/10, 10,000/50, 50,000/100; HOSE ETFs 0/10;
  HNX and UPCOM 0/100; unused tiers null). Fields for futures and warrants are null.
* ``IndexComponents`` (``indexCode``) → one record ``{IndexCode, IndexName, Exchange,
  TotalSymbolNo, IndexComponent: [{Isin, StockSymbol}]}``, the components paged; the world's
  indices are VNINDEX, VN30, HNXINDEX, HNX30 and UPCOMINDEX (``data/indices.csv``), and an
  unknown code matches nothing.
* ``IndexList`` (``exchange`` HOSE/HNX/UPCOM, empty = all) → ``IndexCode``, ``IndexName``,
  ``Exchange``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..world import World
from ..world.clock import local_now
from ..world.exchange import COARSE_TICK, HOSE_FINE_TICK, HOSE_STOCK_TIERS
from ..world.instruments import Instrument
from .envelope import Refusal
from .shape import page

Rows = tuple[list[dict[str, Any]], int]
MARKETS = ("HOSE", "HNX", "UPCOM", "DER", "BOND")
LIST_SIZES = (10, 20, 50, 100, 1000)
SEC_TYPES = {"STOCK": "ST", "ETF": "EF", "CW": "CW", "BOND": "BO"}
TIERS = 4


def isin(symbol: str) -> str:
    """A simulated ISIN: ``VN`` + nine characters + a check digit (not the real ones)."""
    body = f"VN{symbol:0>9}"[:11]
    return body + str(sum(ord(c) for c in body) % 10)


def tick_table(inst: Instrument) -> dict[str, int | None]:
    """``TickPrice1..4``/``TickIncrement1..4`` for the instrument (module docstring)."""
    if inst.exchange != "HOSE":
        tiers = [(0, COARSE_TICK)]
    elif inst.stock_type in HOSE_FINE_TICK:
        tiers = [(0, 10)]
    else:
        starts = [0, *(below for below, _ in HOSE_STOCK_TIERS)]
        ticks = [tick for _, tick in HOSE_STOCK_TIERS] + [COARSE_TICK]
        tiers = list(zip(starts, ticks, strict=True))
    table: dict[str, int | None] = {}
    for i in range(TIERS):
        price, tick = tiers[i] if i < len(tiers) else (None, None)
        table[f"TickPrice{i + 1}"] = price
        table[f"TickIncrement{i + 1}"] = tick
    return table


class MarketLists:
    """The four reference lists over ``world``."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.engine = world.engine

    def table(self) -> dict[str, Any]:
        """Handlers by lower-case endpoint name."""
        return {
            "securities": self.securities,
            "securitiesdetails": self.details,
            "indexcomponents": self.components,
            "indexlist": self.index_list,
        }

    def _market(self, params: Mapping[str, str], name: str = "market") -> list[Instrument]:
        market = params.get(name.lower(), "").strip().upper()
        if market and market not in MARKETS:
            raise Refusal(f"{name} must be one of {', '.join(MARKETS)} or empty")
        found = [i for i in self.engine.instruments.values() if market in ("", i.exchange)]
        return sorted(found, key=lambda i: (MARKETS.index(i.exchange), i.symbol))

    def securities(self, params: Mapping[str, str]) -> Rows:
        found = self._market(params)
        rows = [
            {
                "Market": i.exchange,
                "Symbol": i.symbol,
                "StockName": i.name,
                "StockEnName": i.name_en,
            }
            for i in page(params, found, LIST_SIZES, 10)
        ]
        return rows, len(found)

    def details(self, params: Mapping[str, str]) -> Rows:
        symbol = params.get("symbol", "").strip().upper()
        found = [i for i in self._market(params) if symbol in ("", i.symbol)]
        info = [self._detail(i) for i in page(params, found, LIST_SIZES, 10)]
        report = local_now(self.world.clock()).strftime("%d/%m/%Y")
        record = {"RType": "y", "ReportDate": report, "TotalNoSym": len(found)}
        return [{**record, "RepeatedInfo": info}], len(found)

    def _detail(self, inst: Instrument) -> dict[str, Any]:
        return {
            "Isin": isin(inst.symbol),
            "Symbol": inst.symbol,
            "SymbolName": inst.name,
            "SymbolEngName": inst.name_en,
            "SecType": SEC_TYPES.get(inst.stock_type, "ST"),
            "MarketId": inst.exchange,
            "Exchange": inst.exchange,
            "Issuer": inst.name,
            "LotSize": 100,
            "IssueDate": None,
            "MaturityDate": None,
            "FirstTradingDate": None,
            "LastTradingDate": None,
            "ContractMultiplier": None,
            "SettlMethod": None,
            "Underlying": None,
            "PutOrCall": None,
            "ExercisePrice": None,
            "ExerciseStyle": None,
            "ExcerciseRatio": None,
            "ListedShare": inst.shares,
            **tick_table(inst),
        }

    def components(self, params: Mapping[str, str]) -> Rows:
        wanted = params.get("indexcode", "").strip().upper()
        codes = {c.upper(): c for c in self.engine.indices}
        if wanted not in codes:
            return [], 0
        spec = self.engine.indices[codes[wanted]]
        members = [{"Isin": isin(s), "StockSymbol": s} for s in spec.members]
        record = {
            "IndexCode": spec.code,
            "IndexName": spec.name,
            "Exchange": spec.exchange,
            "TotalSymbolNo": len(members),
            "IndexComponent": page(params, members),
        }
        return [record], len(members)

    def index_list(self, params: Mapping[str, str]) -> Rows:
        exchange = params.get("exchange", "").strip().upper()
        if exchange and exchange not in MARKETS[:3]:
            raise Refusal("exchange must be one of HOSE, HNX, UPCOM or empty")
        found = [
            {"IndexCode": s.code, "IndexName": s.name, "Exchange": s.exchange}
            for s in self.engine.indices.values()
            if exchange in ("", s.exchange)
        ]
        return page(params, found), len(found)
