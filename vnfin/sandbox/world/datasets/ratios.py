"""SIMULATED financial ratios, computed from the simulated statements of :mod:`.fundamentals`.

Ratios are named by romanised-Vietnamese codes like the line items (``bienlaigop`` gross
margin, ``novay_vonchu`` debt / equity, …; reference §2.3 lists the ones it documents).

Every ratio is recomputable from the published statements and the period-end close (the
simulated daily close on the last trading day on or before the period end):

* a quarterly row's "trailing" figures (eps, pe, roe, roa, ps, ev_ebitda, dividend_yield, …) sum
  the four quarters ending there; an annual row's use the year itself. Rows whose trailing
  window or comparison period lies outside the published history (8 years / 12 quarters) have
  those ratios ``null``; so do ratios whose denominator is zero or, for pe/pb/ev multiples,
  negative.
* fractions, multiples and per-share values are unrounded quotients (``a / b`` exactly as
  written here); VND totals (ebit, ebitda, bookvalue, ev, vonhoa, …) are ``int``; per-share
  values divide by the instrument's shares outstanding.
* ``nim`` (banks only) = trailing gross profit / total assets; ``margin_loan_to_equity_ratio``
  (securities firms only) = short-term receivables / equity.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from ..engine import MarketEngine
from .fundamentals import History, history, period_end, periods, statement
from .line_items import STATEMENTS

Row = dict[str, Any]
Period = tuple[int, int]


def _div(a: float | None, b: float | None, *, positive: bool = False) -> float | None:
    if a is None or b is None or b == 0 or (positive and b < 0):
        return None
    return a / b


def _growth(now: float | None, before: float | None) -> float | None:
    if now is None or before is None or before <= 0:
        return None
    return now / before - 1


def close_on(engine: MarketEngine, symbol: str, day: dt.date) -> float | None:
    """The simulated close on the last trading day on or before ``day`` (None before 2018)."""
    i = engine.calendar.index_on_or_before(day)
    return None if i < 0 else float(engine.daily(symbol).close[i])


class _Book:
    """The published statements of one company in one period mode, for ratio arithmetic."""

    def __init__(self, h: History, keys: list[Period]) -> None:
        self.keys = keys
        self.data = {k: {kind: statement(h, kind, *k) for kind in STATEMENTS} for k in keys}

    def get(self, i: int, kind: str, code: str) -> int | None:
        return self.data[self.keys[i]][kind][code] if 0 <= i < len(self.keys) else None

    def trailing(self, i: int, kind: str, code: str, span: int) -> int | None:
        if i + span > len(self.keys):
            return None
        return sum(self.data[self.keys[j]][kind][code] for j in range(i, i + span))


@lru_cache(maxsize=4096)
def analysis_rows(engine: MarketEngine, symbol: str, period: str, today: dt.date) -> list[Row]:
    """One row per published period, newest first (see the module docstring). Cached: the
    rows are shared, so callers must not modify them."""
    h = history(engine, symbol)
    keys = periods(today, period)
    book = _Book(h, keys)
    return [_row(engine, h, book, i, period == "quarterly") for i in range(len(keys))]


def _row(engine: MarketEngine, h: History, book: _Book, i: int, quarterly: bool) -> Row:
    year, quarter = book.keys[i]
    span, back = (4, 4) if quarterly else (1, 1)
    shares = h.shares

    here = book.data[book.keys[i]]
    stated, sheet, flows = here["income-statement"], here["balance-sheet"], here["cash-flow"]

    def inc(code: str, j: int) -> int | None:
        return book.get(j, "income-statement", code)

    def t4(kind: str, code: str) -> int | None:
        return book.trailing(i, kind, code, span)

    rev, gross, net = stated["doanhthuthuan"], stated["loinhuangop"], stated["loinhuansauthue"]
    pretax, interest = stated["loinhuantruocthue"], stated["chiphilaivay"]
    ebit = pretax - interest
    ebitda = ebit + flows["khauhaotaisancodinh"]
    rev4, net4 = t4("income-statement", "doanhthuthuan"), t4("income-statement", "loinhuansauthue")
    parent4 = t4("income-statement", "loinhuansauthuecuacodongcongtyme")
    pretax4 = t4("income-statement", "loinhuantruocthue")
    interest4 = t4("income-statement", "chiphilaivay")
    dep4 = t4("cash-flow", "khauhaotaisancodinh")
    ebit4 = None if pretax4 is None or interest4 is None else pretax4 - interest4
    ebitda4 = None if ebit4 is None or dep4 is None else ebit4 + dep4
    ocf4 = t4("cash-flow", "luuchuyentienthuantuhoatdongkinhdoanh")
    capex4 = t4("cash-flow", "tienchidemuasamxaydungtaisancodinh")
    fcf4 = None if ocf4 is None or capex4 is None else ocf4 + capex4
    paid4 = t4("cash-flow", "cotucloinhuandatrachochusohuu")
    div4 = None if paid4 is None else -paid4
    cogs4 = t4("income-statement", "giavonhangban")
    gross4 = t4("income-statement", "loinhuangop")

    equity, assets = sheet["vonchusohuu"], sheet["tongtaisan"]
    liabilities, cash = sheet["nophaitra"], sheet["tienvatuongduongtien"]
    current, current_debt = sheet["taisannganhan"], sheet["nonganhan"]
    inventory, receivable = sheet["hangtonkho"], sheet["cackhoanphaithunganhan"]
    debt = sheet["vayvanothuetaichinhnganhan"] + sheet["vayvanothuetaichinhdaihan"]
    ocf, capex = (
        flows["luuchuyentienthuantuhoatdongkinhdoanh"],
        flows["tienchidemuasamxaydungtaisancodinh"],
    )

    def before(code: str) -> int | None:
        return book.get(i + back, "balance-sheet", code)

    price = close_on(engine, h.symbol, period_end(year, quarter))
    cap = None if price is None else round(price * shares)
    ev = None if cap is None else cap + debt - cash
    eps = _div(parent4, shares)
    bvps = _div(equity, shares)
    turnover_inv = _div(None if cogs4 is None else -cogs4, inventory, positive=True)
    turnover_rec = _div(rev4, receivable, positive=True)

    row: Row = {"year": year}
    if quarterly:
        row["quarter"] = quarter
    row.update(
        {
            "pe": _div(price, eps if eps and eps > 0 else None),
            "pb": _div(price, bvps if bvps and bvps > 0 else None),
            "ps": _div(cap, rev4, positive=True),
            "ev_ebitda": _div(ev, ebitda4, positive=True),
            "roa": _div(net4, assets),
            "roe": _div(net4, equity, positive=True),
            "eps": eps,
            "bvps": bvps,
            "lnwpershare": _div(net4, shares),
            "ebit": ebit,
            "ebitda": ebitda,
            "bienlaigop": _div(gross, rev),
            "bienlaiebitda": _div(ebitda, rev),
            "bienlaisauthue": _div(net, rev),
            "gross_margin": _div(gross, rev),
            "lnst_yoy": _growth(net, inc("loinhuansauthue", i + back)),
            "dtt_yoy": _growth(rev, inc("doanhthuthuan", i + back)),
            "tt_dtt_yoy": _growth(rev, inc("doanhthuthuan", i + back)),
        }
    )
    if quarterly:
        row["lnst_qoq"] = _growth(net, inc("loinhuansauthue", i + 1))
        row["dtt_qoq"] = _growth(rev, inc("doanhthuthuan", i + 1))
    row.update(
        {
            "nophaitra_vcsh": _div(liabilities, equity),
            "novay_vonchu": _div(debt, equity),
            "thanhtoan_hienhanh": _div(current, current_debt),
            "thanhtoan_nhanh": _div(current - inventory, current_debt),
            "thanhtoan_tienmat": _div(cash, current_debt),
            "bookvalue": equity,
            "ev": ev,
            "vonhoa": cap,
            "dividend_yield": _div(div4, cap),
            # -- the sandbox's own extra codes, all from the same statements --
            "giadongcua": price,
            "soluongcophieu": shares,
            "bienlaihoatdong": _div(stated["loinhuanthuantuhoatdongkinhdoanh"], rev),
            "bienlaitruocthue": _div(pretax, rev),
            "bienlaiebit": _div(ebit, rev),
            "tysuatthuehieuluc": _div(-stated["chiphithuetndn"], pretax, positive=True),
            "vongquaytaisan": _div(rev4, assets),
            "vongquayvonchu": _div(rev4, equity),
            "vongquayhangtonkho": turnover_inv,
            "vongquaykhoanphaithu": turnover_rec,
            "songaytonkho": _div(365, turnover_inv, positive=True),
            "songaythu": _div(365, turnover_rec, positive=True),
            "nophaitra_tongtaisan": _div(liabilities, assets),
            "vonchu_tongtaisan": _div(equity, assets),
            "novay_tongtaisan": _div(debt, assets),
            "taisannganhan_tongtaisan": _div(current, assets),
            "tien_tongtaisan": _div(cash, assets),
            "hangtonkho_tongtaisan": _div(inventory, assets),
            "phaithu_tongtaisan": _div(receivable, assets),
            "taisancodinh_tongtaisan": _div(sheet["taisancodinh"], assets),
            "novaythuan_vcsh": _div(debt - cash, equity),
            "novay_ebitda": _div(debt, ebitda4, positive=True),
            "khanangtralaivay": _div(ebit, -interest, positive=True),
            "vonluandong": current - current_debt,
            "dongtienhdkd": ocf,
            "dongtientudo": ocf + capex,
            "ocf_pershare": _div(ocf4, shares),
            "fcf_pershare": _div(fcf4, shares),
            "dtt_pershare": _div(rev4, shares),
            "cotuc_pershare": _div(div4, shares),
            "p_ocf": _div(cap, ocf4, positive=True),
            "ev_doanhthu": _div(ev, rev4, positive=True),
            "ev_ebit": _div(ev, ebit4, positive=True),
            "tylechitracotuc": _div(div4, parent4, positive=True),
            "capex_doanhthu": _div(None if capex4 is None else -capex4, rev4, positive=True),
            "roic": _div(
                None if ebit4 is None else round(ebit4 * 0.8), equity + debt, positive=True
            ),
            "roce": _div(ebit4, assets - current_debt, positive=True),
            "lnst_4q": net4,
            "dtt_4q": rev4,
            "ebitda_4q": ebitda4,
            "tt_lng_yoy": _growth(gross, inc("loinhuangop", i + back)),
            "tt_lntt_yoy": _growth(pretax, inc("loinhuantruocthue", i + back)),
            "tt_tts_yoy": _growth(assets, before("tongtaisan")),
            "tt_vcsh_yoy": _growth(equity, before("vonchusohuu")),
            "tt_ebitda4q_yoy": _growth(ebitda4, _ebitda_t4(book, i + back, span)),
        }
    )
    if h.industry == "Banking":
        row["nim"] = _div(gross4, assets)
    if h.industry == "Securities":
        row["margin_loan_to_equity_ratio"] = _div(receivable, equity, positive=True)
    return row


def _ebitda_t4(book: _Book, j: int, span: int) -> int | None:
    parts = [
        book.trailing(j, kind, code, span)
        for kind, code in (
            ("income-statement", "loinhuantruocthue"),
            ("income-statement", "chiphilaivay"),
            ("cash-flow", "khauhaotaisancodinh"),
        )
    ]
    if any(p is None for p in parts):
        return None
    pretax, interest, dep = (int(p or 0) for p in parts)
    return pretax - interest + dep
