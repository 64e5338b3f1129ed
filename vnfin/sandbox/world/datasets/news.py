"""SIMULATED news and events. Nothing here happened.

* Corporate events: per listed stock and year (2015 on) an AGM, usually a cash dividend,
  sometimes a stock dividend or a rights issue. The cash dividend of year Y is the one the
  simulated statements pay in Y's third quarter (dividends paid / shares, rounded to 100 VND;
  none when that rounds to 0). An event is visible once announced (``created`` ≤ now); its
  ex-rights and action dates may lie ahead.
* Global news: a fixed pool of 120 articles (ids 1–120, 24 per category); their publication
  times count back from the current hour, so the pool is always "recent", newest first.
* Analyst reports: about half of the listed stocks carry reports on a fixed timeline; a
  request sees the latest five published by now. Target prices sit on the tick grid at
  (close on the publication day) × (1 + upside).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from ..clock import add_months
from ..engine import MarketEngine
from ..seeded import rng
from .fundamentals import FIRST_YEAR, LAST_YEAR, history
from .ratios import close_on

EVENT_TYPES = {
    "AGM": "Đại hội đồng cổ đông thường niên",
    "DIV": "Cổ tức bằng tiền",
    "STOCKDIV": "Cổ tức bằng cổ phiếu",
    "RIGHTS": "Phát hành quyền mua",
}
FIRST_EVENT_YEAR = 2015
NEWS_CATEGORIES = ("forex", "commodities", "economic-indicators", "stock-market", "cryptocurrency")
PROVIDERS = ("Reuters", "Bloomberg", "CNBC", "MarketWatch", "Investing.com", "Financial Times")


def vnd(amount: int) -> str:
    """1500 → '1.500' (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def _business_days_after(day: dt.date, days: int) -> dt.date:
    out = day + dt.timedelta(days=days)
    while out.weekday() >= 5:
        out += dt.timedelta(days=1)
    return out


# -- corporate events ----------------------------------------------------------------------


@dataclass(frozen=True)
class CorporateEvent:
    """One announcement; times are naive Vietnam time."""

    id: int
    symbol: str
    kind: str  # a key of EVENT_TYPES
    title: str
    text: str  # the announcement, ending with its ex-rights and action dates
    created: dt.datetime  # announced
    updated: dt.datetime
    ex_date: dt.date  # the first trading day without the right
    action_date: dt.date  # the day the right is carried out (payment, issue, meeting)
    amount: int = 0  # DIV: VND per share; RIGHTS: subscription price (VND)
    ratio: int = 0  # STOCKDIV: new shares per 100 held; RIGHTS: shares offered per 10 held


@lru_cache(maxsize=8192)
def _events(engine: MarketEngine, symbol: str, year: int) -> tuple[CorporateEvent, ...]:
    """All events of one stock announced in ``year``, visible or not."""
    inst = engine.instruments[symbol]
    if inst.stock_type != "STOCK":
        return ()
    r = rng(engine.seed, "events", symbol, year)
    number = (sorted(engine.instruments).index(symbol) + 1) * 100_000 + (year - 2000) * 100
    plans: list[tuple[str, dt.date, str, str, int, int]] = []
    agm_day = dt.date(year, 2, 1) + dt.timedelta(days=int(r.integers(0, 50)))
    plans.append(
        (
            "AGM",
            agm_day,
            f"{symbol}: Thông báo ngày đăng ký cuối cùng tổ chức ĐHĐCĐ thường niên năm {year}",
            f"{inst.name} thông báo tổ chức Đại hội đồng cổ đông thường niên năm {year}.",
            0,
            0,
        )
    )
    paid = 0
    if FIRST_YEAR <= year <= LAST_YEAR:
        flows = history(engine, symbol).statements["cash-flow"]["cotucloinhuandatrachochusohuu"]
        paid = -int(flows[(year - FIRST_YEAR) * 4 + 2])
    per_share = round(paid / inst.shares / 100) * 100
    if per_share >= 100:
        plans.append(
            (
                "DIV",
                dt.date(year, 6, 1) + dt.timedelta(days=int(r.integers(0, 25))),
                f"{symbol}: Trả cổ tức năm {year - 1} bằng tiền, {vnd(per_share)} đồng/CP",
                f"{inst.name} chi trả cổ tức năm {year - 1} bằng tiền mặt với mức "
                f"{vnd(per_share)} đồng/cổ phiếu (tỷ lệ {per_share / 100:g}%).",
                per_share,
                0,
            )
        )
    if r.random() < 0.25:
        ratio = int(r.choice([5, 10, 15, 20, 30]))
        plans.append(
            (
                "STOCKDIV",
                dt.date(year, 4, 1) + dt.timedelta(days=int(r.integers(0, 270))),
                f"{symbol}: Trả cổ tức bằng cổ phiếu, tỷ lệ 100:{ratio}",
                f"{inst.name} phát hành cổ phiếu trả cổ tức theo tỷ lệ 100:{ratio} "
                f"(cổ đông sở hữu 100 cổ phiếu được nhận {ratio} cổ phiếu mới).",
                0,
                ratio,
            )
        )
    if r.random() < 0.12:
        price = max(engine.round(symbol, inst.reference_price * float(r.uniform(0.4, 0.8))), 10_000)
        ratio = int(r.choice([2, 3, 5]))
        plans.append(
            (
                "RIGHTS",
                dt.date(year, 3, 1) + dt.timedelta(days=int(r.integers(0, 300))),
                f"{symbol}: Phát hành quyền mua cổ phiếu, tỷ lệ 10:{ratio}, "
                f"giá {vnd(price)} đồng/CP",
                f"{inst.name} chào bán cổ phiếu cho cổ đông hiện hữu theo tỷ lệ 10:{ratio} "
                f"với giá {vnd(price)} đồng/cổ phiếu.",
                price,
                ratio,
            )
        )
    out = []
    for n, (kind, day, title, text, amount, ratio) in enumerate(plans, start=1):
        created = dt.datetime.combine(day, dt.time(int(r.integers(7, 18)), int(r.integers(0, 60))))
        ex_date = _business_days_after(day, int(r.integers(10, 25)))
        action = _business_days_after(ex_date, int(r.integers(10, 40)))
        updated = created + dt.timedelta(minutes=int(r.integers(0, 90)))
        full = (
            f"{text} Ngày giao dịch không hưởng quyền: {ex_date:%d/%m/%Y}; "
            f"ngày thực hiện: {action:%d/%m/%Y}."
        )
        out.append(
            CorporateEvent(
                number + n,
                symbol,
                kind,
                title,
                full,
                created,
                updated,
                ex_date,
                action,
                amount,
                ratio,
            )
        )
    return tuple(out)


def stock_events(engine: MarketEngine, symbol: str, year: int) -> tuple[CorporateEvent, ...]:
    """Every event of one stock announced in ``year`` (visible or not: check ``created``)."""
    return _events(engine, symbol, year)


def corporate_events(
    engine: MarketEngine,
    symbols: list[str],
    now: dt.datetime,
    start: dt.date | None,
    end: dt.date | None,
) -> list[CorporateEvent]:
    """Events announced in [start, end] (defaults: a year ago, no end) and by ``now``,
    newest first."""
    start = start or add_months(now.date(), -12)
    first = max(start.year, FIRST_EVENT_YEAR)
    found = []
    for symbol in symbols:
        for year in range(first, now.year + 1):
            for event in _events(engine, symbol, year):
                if event.created > now or event.created.date() < start:
                    continue
                if end is not None and event.created.date() > end:
                    continue
                found.append(event)
    found.sort(key=lambda e: (e.created, e.id), reverse=True)
    return found


# -- global news ------------------------------------------------------------------------------

HEADLINES: dict[str, tuple[str, ...]] = {
    "forex": (
        "Dollar {move} against the yen as traders weigh Fed path",
        "Euro {move} after ECB signals {tone} stance",
        "Sterling {move} as UK inflation comes in at {pct}%",
        "Yuan {move} to {level} per dollar on PBOC fixing",
        "Dong steady as State Bank keeps central rate near {vnd} per dollar",
        "Dollar index {move} {pct}% ahead of payrolls report",
    ),
    "commodities": (
        "Gold {move} to ${gold} an ounce as real yields shift",
        "Oil {move} {pct}% as OPEC+ weighs output plan",
        "Copper {move} on China demand outlook",
        "Silver {move} {pct}% in volatile trade",
        "Brent crude {move} toward ${oil} a barrel",
        "Coffee prices {move} on Vietnam harvest estimates",
    ),
    "economic-indicators": (
        "US CPI rises {pct}% year on year, {tone} than expected",
        "Fed officials signal rate {decision} at next meeting",
        "Vietnam GDP grows {gdp}% in the latest quarter",
        "US jobless claims {move} to {claims}K",
        "Eurozone PMI {move} to {pmi} in preliminary reading",
        "China exports {move} {pct}% from a year earlier",
    ),
    "stock-market": (
        "Wall Street {move} as tech shares lead",
        "S&P 500 {move} {pct}% after earnings beat",
        "VN-Index {move} as foreign investors turn net {side}",
        "Nikkei {move} {pct}% on weaker yen",
        "Asian shares {move} ahead of central bank decisions",
        "Banking stocks {move} on credit growth data",
    ),
    "cryptocurrency": (
        "Bitcoin {move} to ${btc} as ETF flows {flow}",
        "Ether {move} {pct}% ahead of network upgrade",
        "Crypto market cap {move} as risk appetite {flow}",
        "Solana {move} {pct}% on heavy volume",
        "Regulators outline new rules for digital asset exchanges",
        "Stablecoin supply {move} to record as trading picks up",
    ),
}


@dataclass(frozen=True)
class Article:
    id: int
    title: str
    category: str  # one of NEWS_CATEGORIES
    description: str | None
    provider: str | None
    age: float  # hours before the current hour that it was published


@lru_cache(maxsize=8)
def news_pool(seed: int) -> tuple[Article, ...]:
    """120 articles, newest first."""
    r = rng(seed, "global-news")
    age = 0.0
    pool = []
    for k in range(120):
        category = NEWS_CATEGORIES[k % 5]
        template = HEADLINES[category][int(r.integers(0, len(HEADLINES[category])))]
        fields = {
            "move": str(r.choice(["rises", "falls", "edges higher", "slips", "jumps", "steadies"])),
            "tone": str(r.choice(["hawkish", "dovish", "cautious"])),
            "pct": f"{r.uniform(0.1, 4.5):.1f}",
            "level": f"{r.uniform(7.0, 7.4):.4f}",
            "vnd": f"{int(r.integers(24_800, 26_400)):,}",
            "gold": f"{int(r.integers(2400, 2800)):,}",
            "oil": f"{r.uniform(60, 90):.0f}",
            "gdp": f"{r.uniform(5.5, 8.0):.2f}",
            "decision": str(r.choice(["hold", "cut", "pause"])),
            "claims": int(r.integers(190, 260)),
            "pmi": f"{r.uniform(45, 55):.1f}",
            "side": str(r.choice(["buyers", "sellers"])),
            "btc": f"{int(r.integers(55_000, 110_000)):,}",
            "flow": str(r.choice(["improve", "fade"])),
        }
        title = template.format(**fields)
        age += float(r.uniform(1.0, 8.0))
        description = (
            None
            if r.random() < 0.1
            else f"{title}. Markets reacted as investors reassessed the outlook."
        )
        provider = None if r.random() < 0.05 else str(r.choice(PROVIDERS))
        pool.append(Article(120 - k, title, category, description, provider, age))
    return tuple(pool)


# -- analyst reports ------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _reports(engine: MarketEngine, symbol: str) -> tuple[tuple[dt.datetime, float], ...]:
    """(publication time, upside) of every report on this stock, oldest first."""
    inst = engine.instruments[symbol]
    r = rng(engine.seed, "reports", symbol)
    if inst.stock_type != "STOCK" or r.random() >= 0.5:
        return ()
    out = []
    day = dt.date(2018, 1, 15) + dt.timedelta(days=int(r.integers(0, 120)))
    while day.year <= LAST_YEAR:
        when = dt.datetime.combine(day, dt.time(int(r.integers(8, 17)), 0))
        out.append((when, float(r.normal(0.12, 0.12))))
        day = _business_days_after(day, int(r.integers(60, 160)))
    return tuple(out)


@dataclass(frozen=True)
class Report:
    published: dt.datetime  # naive Vietnam time
    close: float  # the close on the publication day (the reference price before 2018)
    target: int  # the target price, on the tick grid


def reports(engine: MarketEngine, symbol: str, now: dt.datetime) -> list[Report]:
    """The latest five reports published by ``now``, newest first ([] for most non-covered
    stocks and every ETF)."""
    published = [(w, u) for w, u in _reports(engine, symbol) if w <= now][-5:]
    out = []
    for when, upside in reversed(published):
        close = close_on(engine, symbol, when.date()) or engine.instruments[symbol].reference_price
        out.append(Report(when, close, engine.round(symbol, close * (1 + upside))))
    return out
