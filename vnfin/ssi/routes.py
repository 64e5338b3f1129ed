"""Every FastConnect Data request vnfin makes, as pure functions: checked inputs in,
:class:`~vnfin._call.Call` out, no I/O (reference §2.1, §2.2). The trading requests are in
:mod:`vnfin.ssi.trading_routes`.

GET parameters go in the query string with SSI's own clients' (camelCase) names, in the order
given, ``None`` left out, booleans as ``true``/``false``, everything else percent-encoded
(``/`` included, as ``requests`` does). Dates are ``DD/MM/YYYY``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pandas as pd

from .. import _inputs
from .._call import Call, dumps
from ..errors import ValidationError
from . import vocab
from .auth import Credentials

Param = tuple[str, str | int | float | bool | None]
MARKET = "/api/v2/Market"
DATA_TOKEN = f"{MARKET}/AccessToken"


@dataclass(frozen=True)
class TokenCall(Call):
    """A POST that only issues a token (``AccessToken`` with no real PIN/OTP): it moves nothing,
    so it is retried like a read and never taken for an interrupted write."""

    @property
    def retryable(self) -> bool:
        return True


def _encode(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return quote(str(value), safe="")


def target(path: str, params: Sequence[Param] = ()) -> str:
    """``path[?query]`` (see the module docstring)."""
    query = "&".join(f"{quote(k, safe='')}={_encode(v)}" for k, v in params if v is not None)
    return f"{path}?{query}" if query else path


def get(path: str, params: Sequence[Param] = (), **inputs: Any) -> Call:
    """A GET of ``path``; ``inputs`` are the checked arguments, for ``df.attrs``."""
    return Call("GET", target(path, params), inputs=inputs)


def day(value: Any, argument: str = "date") -> str:
    """A date as SSI writes it: ``DD/MM/YYYY``."""
    if isinstance(value, pd.Timestamp | dt.date) and not isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}"
    return f"{_inputs.timestamp(value, argument):%d/%m/%Y}"


def page(value: Any) -> int:
    return _inputs.integer(value, "page", 1, 10_000)


def data_token(credentials: Credentials) -> Call:
    """``POST /api/v2/Market/AccessToken {consumerID, consumerSecret}`` (§2.1): not signed,
    no bearer; safe to send again (it only issues a token)."""
    return TokenCall("POST", DATA_TOKEN, dumps(credentials.body()), authenticated=False)


def _market(value: Any, allowed: Sequence[str] = vocab.DATA_MARKETS) -> str | None:
    return None if value is None else _inputs.choice(value, allowed, "exchange")


def securities(exchange: Any = None, page_index: int = 1) -> Call:
    """``GET Market/Securities?market=&pageIndex=&pageSize=`` (all markets without one)."""
    market = _market(exchange)
    params: list[Param] = [
        ("market", market),
        ("pageIndex", page(page_index)),
        ("pageSize", vocab.PAGE_SIZE["Securities"]),
    ]
    return get(f"{MARKET}/Securities", params, exchange=market)


def securities_details(symbol: Any, page_index: int = 1, exchange: Any = None) -> Call:
    """``GET Market/SecuritiesDetails?market=&symbol=&pageIndex=&pageSize=``."""
    sym = _inputs.symbol(symbol)
    params: list[Param] = [
        ("market", _market(exchange)),
        ("symbol", sym),
        ("pageIndex", page(page_index)),
        ("pageSize", vocab.PAGE_SIZE["SecuritiesDetails"]),
    ]
    return get(f"{MARKET}/SecuritiesDetails", params, symbol=sym)


def index_code(value: Any) -> str:
    """An index code such as ``VN30``, ``VNINDEX``, ``HNX30`` (upper-cased)."""
    return _inputs.symbol(value, "index")


def index_components(index: Any, page_index: int = 1) -> Call:
    """``GET Market/IndexComponents?indexCode=&pageIndex=&pageSize=``."""
    code = index_code(index)
    params: list[Param] = [
        ("indexCode", code),
        ("pageIndex", page(page_index)),
        ("pageSize", vocab.PAGE_SIZE["IndexComponents"]),
    ]
    return get(f"{MARKET}/IndexComponents", params, index=code)


def index_list(exchange: Any = None, page_index: int = 1) -> Call:
    """``GET Market/IndexList?exchange=&pageIndex=&pageSize=`` (HOSE, HNX; all without)."""
    market = _market(exchange, vocab.INDEX_EXCHANGES)
    params: list[Param] = [
        ("exchange", market),
        ("pageIndex", page(page_index)),
        ("pageSize", vocab.PAGE_SIZE["IndexList"]),
    ]
    return get(f"{MARKET}/IndexList", params, exchange=market)


def _window(start: Any, end: Any, cap: int | None) -> tuple[str, str]:
    first, last = _inputs.timestamp(start, "start"), _inputs.timestamp(end, "end")
    if first.normalize() > last.normalize():
        raise ValidationError(
            f"start ({first:%d/%m/%Y}) is after end ({last:%d/%m/%Y})", argument="start"
        )
    days = (last.normalize() - first.normalize()).days + 1
    if cap is not None and days > cap:
        raise ValidationError(
            f"one request covers at most {cap} days, asked for {days}: split the range",
            argument="end",
        )
    return day(first), day(last)


def resolution(value: Any) -> str:
    """``1D`` or a number of minutes (``1`` … ``60``; aliases such as ``1m``, ``D``)."""
    return _inputs.choice(
        str(value) if isinstance(value, int) else value,
        vocab.RESOLUTIONS,
        "resolution",
        vocab.RESOLUTION_ALIASES,
    )


def daily_ohlc(symbol: Any, start: Any, end: Any, page_index: int = 1) -> Call:
    """``GET Market/DailyOhlc?symbol=&fromDate=&toDate=&pageIndex=&pageSize=&ascending=true``
    for at most :data:`~vnfin.ssi.vocab.MAX_DAYS` days (SSI refuses more)."""
    sym = _inputs.symbol(symbol)
    first, last = _window(start, end, vocab.MAX_DAYS)
    params: list[Param] = [
        ("symbol", sym),
        ("fromDate", first),
        ("toDate", last),
        ("pageIndex", page(page_index)),
        ("pageSize", vocab.PAGE_SIZE["DailyOhlc"]),
        ("ascending", True),
    ]
    return get(f"{MARKET}/DailyOhlc", params, symbol=sym)


def intraday_ohlc(
    symbol: Any, start: Any, end: Any, page_index: int = 1, minutes: Any = "1"
) -> Call:
    """``GET Market/IntradayOhlc?symbol=&fromDate=&toDate=&pageIndex=&pageSize=&ascending=true
    &resolution=`` (``resolution`` in minutes; 1 = one-minute bars)."""
    sym = _inputs.symbol(symbol)
    res = resolution(minutes)
    if res == "1D":
        raise ValidationError(
            "IntradayOhlc takes a resolution in minutes, not 1D", argument="resolution"
        )
    first, last = _window(start, end, None)
    params: list[Param] = [
        ("symbol", sym),
        ("fromDate", first),
        ("toDate", last),
        ("pageIndex", page(page_index)),
        ("pageSize", vocab.PAGE_SIZE["IntradayOhlc"]),
        ("ascending", True),
        ("resolution", int(res)),
    ]
    return get(f"{MARKET}/IntradayOhlc", params, symbol=sym)


def daily_index(index: Any, start: Any, end: Any, page_index: int = 1) -> Call:
    """``GET Market/DailyIndex?indexId=&fromDate=&toDate=&pageIndex=&pageSize=`` (the key as
    SSI's client sends it, reference §7.11), at most 30 days at a time."""
    code = index_code(index)
    first, last = _window(start, end, vocab.MAX_DAYS)
    params: list[Param] = [
        ("indexId", code),
        ("fromDate", first),
        ("toDate", last),
        ("pageIndex", page(page_index)),
        ("pageSize", vocab.PAGE_SIZE["DailyIndex"]),
    ]
    return get(f"{MARKET}/DailyIndex", params, index=code)


def daily_stock_price(
    symbol: Any, start: Any, end: Any, page_index: int = 1, exchange: Any = None
) -> Call:
    """``GET Market/DailyStockPrice?symbol=&fromDate=&toDate=&pageIndex=&pageSize=&market=``
    (pageSize at most 100), at most 30 days at a time."""
    sym = _inputs.symbol(symbol)
    first, last = _window(start, end, vocab.MAX_DAYS)
    params: list[Param] = [
        ("symbol", sym),
        ("fromDate", first),
        ("toDate", last),
        ("pageIndex", page(page_index)),
        ("pageSize", vocab.PAGE_SIZE["DailyStockPrice"]),
        ("market", _market(exchange, (*vocab.DATA_MARKETS, "BOND"))),
    ]
    return get(f"{MARKET}/DailyStockPrice", params, symbol=sym)
