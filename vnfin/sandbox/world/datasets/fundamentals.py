"""SIMULATED company financial statements: one quarterly history per listed stock.

For each symbol one quarterly history, 2008Q1–2031Q4, is generated once from the seed (it
never depends on the clock); "today" only decides what is published: the last 12 quarters and
the last 8 fiscal years completed before today. Amounts are whole VND (``int``). Size follows
the company: equity is market cap / a drawn P/B, profit is a drawn ROE × equity, revenue is
profit / the margin implied by a drawn cost structure, and revenue grows at about the
sustainable rate ROE × (1 − payout). Banks and brokers use the same template with other
proportions.

Identities that hold exactly, every quarter and every year:

* income statement: ``doanhthuthuan = doanhthubanhangvacungcapdichvu + cackhoangiamtrudoanhthu``;
  ``loinhuangop = doanhthuthuan + giavonhangban``; ``loinhuanthuantuhoatdongkinhdoanh =
  loinhuangop + doanhthuhoatdongtaichinh + chiphitaichinh + chiphibanhang +
  chiphiquanlydoanhnghiep``; ``loinhuankhac = thunhapkhac + chiphikhac``;
  ``loinhuantruocthue = operating + loinhuankhac``; ``loinhuansauthue = loinhuantruocthue +
  chiphithuetndn = loinhuansauthuecuacodongcongtyme + loiichcuacodongthieuso``. Costs, expenses
  and tax are negative; ``chiphilaivay`` (negative) is part of ``chiphitaichinh``;
  ``laicobantrencophieu`` = round(parent profit / shares outstanding).
* balance sheet: ``taisannganhan`` = its 5 parts; ``taisandaihan`` = its 3 parts;
  ``tongtaisan = taisannganhan + taisandaihan = tongnguonvon = nophaitra + vonchusohuu``;
  ``nophaitra = nonganhan + nodaihan``; ``vonchusohuu = vongopcuachusohuu + thangduvoncophan +
  loinhuansauthuechuaphanphoi``; retained earnings move by ``loinhuansauthue`` +
  ``cotucloinhuandatrachochusohuu`` (dividends, negative) from one period to the next.
* cash flow: operating, investing and financing are the sums of their lines;
  ``luuchuyentienthuantrongnam`` = their sum; ``tienvatuongduongtiencuoinam = daunam + trongnam +
  anhhuong...``; closing cash = the balance sheet's ``tienvatuongduongtien``; opening cash = the
  previous period's closing cash; ``loinhuanlotruocthue`` = the income statement's
  ``loinhuantruocthue``; ``chiphilaivay`` = −(income statement ``chiphilaivay``);
  ``tanggiamhangtonkho`` / ``tanggiamcackhoanphaithu`` = −(change in the balance-sheet item).
* a year: flow items are the sum of its four quarters; balance-sheet items and closing cash
  are Q4's, opening cash is Q1's; EPS is recomputed from the annual parent profit.

Quarterly statements are discrete quarters (not year-to-date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..engine import MarketEngine
from ..seeded import rng
from .line_items import STATEMENTS

FIRST_YEAR, LAST_YEAR = 2008, 2031
N_QUARTERS = (LAST_YEAR - FIRST_YEAR + 1) * 4
ANCHOR_QUARTER = (2026 - FIRST_YEAR) * 4 + 2  # 2026Q3: the size the reference prices imply
PAR_VALUE = 10_000


@dataclass(frozen=True)
class Profile:
    """Proportions by industry: balance-sheet leverage, gross margin, ROE, current share of
    assets and the split of current assets other than cash (investments, receivables,
    inventory, other)."""

    leverage: tuple[float, float]
    gross: tuple[float, float]
    roe: tuple[float, float]
    current: tuple[float, float]
    mix: tuple[float, float, float, float]


GENERIC = Profile((1.4, 2.6), (0.12, 0.40), (0.06, 0.22), (0.35, 0.70), (0.10, 0.35, 0.40, 0.15))
PROFILES = {
    "Banking": Profile((9, 13), (0.45, 0.65), (0.12, 0.22), (0.55, 0.75), (0.35, 0.55, 0, 0.1)),
    "Securities": Profile((1.6, 2.8), (0.5, 0.75), (0.06, 0.18), (0.75, 0.9), (0.35, 0.55, 0, 0.1)),
    "Insurance": Profile((3, 5), (0.15, 0.3), (0.06, 0.14), (0.5, 0.75), (0.6, 0.25, 0, 0.15)),
    "Real Estate": Profile(
        (1.8, 3), (0.25, 0.5), (0.05, 0.16), (0.55, 0.8), (0.05, 0.3, 0.55, 0.1)
    ),
}


@dataclass(frozen=True)
class History:
    """One company's quarterly statements: ``statements[kind][code]`` is an int64 array over
    the quarters 2008Q1..2031Q4."""

    symbol: str
    industry: str
    shares: int
    statements: dict[str, dict[str, np.ndarray]]


def _ints(x: np.ndarray | float) -> np.ndarray:
    return np.asarray(np.rint(x), dtype=np.int64)


def _ar1(r: np.random.Generator, sigma: float, rho: float = 0.7) -> np.ndarray:
    shocks = r.normal(0.0, sigma, N_QUARTERS)
    out = np.empty(N_QUARTERS)
    level = 0.0
    for i, e in enumerate(shocks.tolist()):
        level = rho * level + e
        out[i] = level
    return out


def _previous(a: np.ndarray) -> np.ndarray:
    """The value one quarter earlier (the first quarter repeats itself)."""
    return np.concatenate([a[:1], a[:-1]])


@cache
def history(engine: MarketEngine, symbol: str) -> History:
    inst = engine.instruments[symbol]
    p = PROFILES.get(inst.industry, GENERIC)
    r = rng(engine.seed, "fundamentals", symbol)
    years = (np.arange(N_QUARTERS) - ANCHOR_QUARTER) / 4.0
    cap = float(inst.reference_price) * inst.shares

    # -- sizes and the cost structure --------------------------------------------------------
    pb, roe = r.uniform(0.9, 2.8), r.uniform(*p.roe)
    payout = 0.0 if r.random() < 0.25 else r.uniform(0.2, 0.6)
    growth = roe * (1 - payout) * r.uniform(1.05, 1.35)
    gm = r.uniform(*p.gross)
    opex = gm * r.uniform(0.3, 0.6)
    sell_share = r.uniform(0.1, 0.7)
    fin_inc = r.uniform(0.005, 0.03)
    fin_exp = min(r.uniform(0.005, 0.04), gm - opex + fin_inc - 0.04)
    tax_rate, minority = r.uniform(0.17, 0.22), (0.0 if r.random() < 0.5 else r.uniform(0.02, 0.12))
    margin = (gm - opex + fin_inc - fin_exp) * (1 - tax_rate)
    equity_anchor = cap / pb
    revenue_anchor = roe * equity_anchor / margin  # annual

    # -- income statement ------------------------------------------------------------------
    season = 1 + r.normal(0.0, 0.06, 4)
    season /= season.mean()
    revenue_f = (
        revenue_anchor
        / 4
        * np.exp(growth * years + _ar1(r, 0.05))
        * np.tile(season, N_QUARTERS // 4)
    )
    revenue = _ints(revenue_f)
    gross_sales = _ints(revenue_f / (1 - r.uniform(0.0, 0.02)))
    cogs = _ints(revenue_f * np.clip(gm + r.normal(0, 0.015, N_QUARTERS), 0.02, 0.95)) - revenue
    gross = revenue + cogs
    fin_income = _ints(revenue_f * fin_inc * np.exp(r.normal(0, 0.15, N_QUARTERS)))
    fin_costs = -_ints(revenue_f * fin_exp * np.exp(r.normal(0, 0.15, N_QUARTERS)))
    interest = _ints(fin_costs * r.uniform(0.5, 0.9))
    selling = -_ints(revenue_f * opex * sell_share * np.exp(r.normal(0, 0.05, N_QUARTERS)))
    admin = -_ints(revenue_f * opex * (1 - sell_share) * np.exp(r.normal(0, 0.05, N_QUARTERS)))
    operating = gross + fin_income + fin_costs + selling + admin
    other_in = _ints(revenue_f * np.abs(r.normal(0, 0.004, N_QUARTERS)))
    other_out = -_ints(revenue_f * np.abs(r.normal(0, 0.003, N_QUARTERS)))
    pretax = operating + other_in + other_out
    tax = -_ints(np.maximum(pretax, 0) * (tax_rate + r.normal(0, 0.01, N_QUARTERS)))
    net = pretax + tax
    minority_part = _ints(net * minority)
    parent = net - minority_part

    # -- dividends, equity ------------------------------------------------------------------
    yearly = net.reshape(-1, 4).sum(axis=1)
    dividends = np.zeros(N_QUARTERS, dtype=np.int64)
    last_year = np.concatenate([yearly[:1], yearly[:-1]])
    dividends[2::4] = _ints(payout * np.maximum(last_year, 0))  # paid in Q3 from last year
    retained = np.cumsum(net - dividends)
    trend = equity_anchor * np.exp(growth * years)
    moved = retained - retained[ANCHOR_QUARTER]
    served = slice(4 * (2014 - FIRST_YEAR), None)
    lift = max(float(np.max(0.3 * trend[served] - equity_anchor - moved[served])), 0.0)
    equity = round(equity_anchor + lift) + moved  # lift keeps equity positive where served
    capital = inst.shares * PAR_VALUE
    premium = int(capital * r.uniform(0.0, 0.3))
    earnings = equity - capital - premium

    # -- balance sheet --------------------------------------------------------------------
    total = _ints(equity * r.uniform(*p.leverage) * np.exp(_ar1(r, 0.03, 0.8)))
    liabilities = total - equity
    current = _ints(total * np.clip(r.uniform(*p.current) + _ar1(r, 0.02), 0.1, 0.95))
    cash = _ints(total * r.uniform(0.02, 0.10) * np.exp(_ar1(r, 0.15)))
    cash = np.minimum(cash, current // 2)
    rest = current - cash
    mix = np.array(p.mix) * np.exp(r.normal(0, 0.1, (N_QUARTERS, 4)))
    mix /= mix.sum(axis=1, keepdims=True)
    short_inv, receivable, inventory = (_ints(rest * mix[:, k]) for k in range(3))
    other_current = rest - short_inv - receivable - inventory
    noncurrent = total - current
    fixed = _ints(noncurrent * r.uniform(0.3, 0.7))
    long_inv = _ints(noncurrent * r.uniform(0.05, 0.25))
    other_long = noncurrent - fixed - long_inv
    short_debt = _ints(liabilities * np.clip(r.uniform(0.5, 0.85) + _ar1(r, 0.02), 0.3, 0.95))
    long_debt = liabilities - short_debt
    borrow_short = _ints(short_debt * r.uniform(0.15, 0.5))
    borrow_long = _ints(long_debt * r.uniform(0.3, 0.8))

    # -- cash flow --------------------------------------------------------------------------
    depreciation = _ints(_previous(fixed) * r.uniform(0.06, 0.12) / 4)
    before_wc = pretax + depreciation - interest
    d_receivable = _previous(receivable) - receivable
    d_inventory = _previous(inventory) - inventory
    d_payable = _ints(revenue_f * r.normal(0, 0.03, N_QUARTERS))
    tax_paid = _previous(tax)
    operating_cf = before_wc + d_receivable + d_inventory + d_payable + interest + tax_paid
    capex = -_ints(depreciation * r.uniform(1.0, 1.8) * np.exp(r.normal(0, 0.3, N_QUARTERS)))
    received = _ints(fin_income * 0.7)
    other_inv = _ints(revenue_f * r.normal(0, 0.02, N_QUARTERS))
    investing_cf = capex + received + other_inv
    opening = _previous(cash)
    opening[0] = _ints(cash[0] * 0.95)
    fx = _ints(opening * r.normal(0, 0.001, N_QUARTERS))
    net_cf = cash - opening - fx
    financing_cf = net_cf - operating_cf - investing_cf
    gross_borrow = _ints((borrow_short + borrow_long) * r.uniform(0.1, 0.3))
    excess = financing_cf + dividends  # the debt flows net to this
    proceeds = np.where(excess >= 0, excess + gross_borrow, gross_borrow)
    repaid = np.where(excess >= 0, -gross_borrow, excess - gross_borrow)

    statements = {
        "income-statement": {
            "doanhthubanhangvacungcapdichvu": gross_sales,
            "cackhoangiamtrudoanhthu": revenue - gross_sales,
            "doanhthuthuan": revenue,
            "giavonhangban": cogs,
            "loinhuangop": gross,
            "doanhthuhoatdongtaichinh": fin_income,
            "chiphitaichinh": fin_costs,
            "chiphilaivay": interest,
            "chiphibanhang": selling,
            "chiphiquanlydoanhnghiep": admin,
            "loinhuanthuantuhoatdongkinhdoanh": operating,
            "thunhapkhac": other_in,
            "chiphikhac": other_out,
            "loinhuankhac": other_in + other_out,
            "loinhuantruocthue": pretax,
            "chiphithuetndn": tax,
            "loinhuansauthue": net,
            "loinhuansauthuecuacodongcongtyme": parent,
            "loiichcuacodongthieuso": minority_part,
            "laicobantrencophieu": _ints(parent / inst.shares),
        },
        "balance-sheet": {
            "tienvatuongduongtien": cash,
            "daututaichinhnganhan": short_inv,
            "cackhoanphaithunganhan": receivable,
            "hangtonkho": inventory,
            "taisannganhankhac": other_current,
            "taisannganhan": current,
            "taisancodinh": fixed,
            "daututaichinhdaihan": long_inv,
            "taisandaihankhac": other_long,
            "taisandaihan": noncurrent,
            "tongtaisan": total,
            "vayvanothuetaichinhnganhan": borrow_short,
            "nonganhan": short_debt,
            "vayvanothuetaichinhdaihan": borrow_long,
            "nodaihan": long_debt,
            "nophaitra": liabilities,
            "vongopcuachusohuu": np.full(N_QUARTERS, capital, dtype=np.int64),
            "thangduvoncophan": np.full(N_QUARTERS, premium, dtype=np.int64),
            "loinhuansauthuechuaphanphoi": earnings,
            "vonchusohuu": equity,
            "tongnguonvon": liabilities + equity,
        },
        "cash-flow": {
            "loinhuanlotruocthue": pretax,
            "khauhaotaisancodinh": depreciation,
            "chiphilaivay": -interest,
            "loinhuanlotuhoatdongkinhdoanhtruocthaydoivonluudong": before_wc,
            "tanggiamcackhoanphaithu": d_receivable,
            "tanggiamhangtonkho": d_inventory,
            "tanggiamcackhoanphaitra": d_payable,
            "tienlaivaydatra": interest,
            "thuethunhapdoanhnghiepdanop": tax_paid,
            "luuchuyentienthuantuhoatdongkinhdoanh": operating_cf,
            "tienchidemuasamxaydungtaisancodinh": capex,
            "tienthulaichovaycotucvaloinhuanduocchia": received,
            "luuchuyenkhactuhoatdongdautu": other_inv,
            "luuchuyentienthuantuhoatdongdautu": investing_cf,
            "tienvaynganhandaihannhanduoc": proceeds,
            "tienchitranogocvay": repaid,
            "cotucloinhuandatrachochusohuu": -dividends,
            "luuchuyentienthuantusudungvaohoatdongtaichinh": financing_cf,
            "luuchuyentienthuantrongnam": net_cf,
            "tienvatuongduongtiendaunam": opening,
            "anhhuongcuathaydoitygiahoidoaiquydoingoaite": fx,
            "tienvatuongduongtiencuoinam": cash,
        },
    }
    return History(symbol, inst.industry, inst.shares, statements)


# -- publication: which periods exist by "today" ----------------------------------------------


def periods(today: dt.date, period: str) -> list[tuple[int, int]]:
    """(year, quarter) of the published periods, newest first; quarter 0 = the fiscal year."""
    if period == "annual":
        years = range(today.year - 1, today.year - 9, -1)
        return [(y, 0) for y in years if FIRST_YEAR <= y <= LAST_YEAR]
    latest = today.year * 4 + (today.month - 1) // 3 - 1  # the last quarter completed
    out = [(i // 4, i % 4 + 1) for i in range(latest, latest - 12, -1)]
    return [(y, q) for y, q in out if FIRST_YEAR <= y <= LAST_YEAR]


def period_end(year: int, quarter: int) -> dt.date:
    if quarter == 0:
        return dt.date(year, 12, 31)
    return dt.date(year + quarter // 4, quarter % 4 * 3 + 1, 1) - dt.timedelta(days=1)


def statement(h: History, kind: str, year: int, quarter: int) -> dict[str, int]:
    """One statement of one period (quarter 0: the fiscal year), codes in statement order."""
    block = h.statements[kind]
    first = (year - FIRST_YEAR) * 4
    if quarter:
        i = first + quarter - 1
        return {c: int(block[c][i]) for c in STATEMENTS[kind]}
    out: dict[str, int] = {}
    for code in STATEMENTS[kind]:
        values = block[code][first : first + 4]
        if kind == "balance-sheet" or code == "tienvatuongduongtiencuoinam":
            out[code] = int(values[-1])
        elif code == "tienvatuongduongtiendaunam":
            out[code] = int(values[0])
        elif code == "laicobantrencophieu":
            parent = block["loinhuansauthuecuacodongcongtyme"][first : first + 4].sum()
            out[code] = round(int(parent) / h.shares)
        else:
            out[code] = int(values.sum())
    return out
