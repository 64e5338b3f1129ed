"""``fh.fundamentals``: company overview, per-period ratios and financial statements (§2.3)."""

from __future__ import annotations

import pandas as pd

from .. import _inputs
from .._faces import SyncGroup, blocking
from .._http import Param
from ..errors import ValidationError
from ._group import Group
from .glossary import RATIOS, STATEMENTS
from .parsers import fundamentals as parse

PERIODS = ("annual", "quarterly")
PERIOD_ALIASES = {"YEAR": "annual", "YEARLY": "annual", "Y": "annual", "QUARTER": "quarterly",
                  "Q": "quarterly"}  # fmt: skip
KINDS = tuple(STATEMENTS)
KIND_ALIASES = {
    "INCOME": "income-statement", "IS": "income-statement", "INCOME_STATEMENT": "income-statement",
    "BALANCE": "balance-sheet", "BS": "balance-sheet", "BALANCE_SHEET": "balance-sheet",
    "CASHFLOW": "cash-flow", "CASH_FLOW": "cash-flow", "CF": "cash-flow",
}  # fmt: skip
ALL_LABELS = {**RATIOS, **{k: v for table in STATEMENTS.values() for k, v in table.items()}}


def _labelled(
    frame: pd.DataFrame, glossary: dict[str, str], labels: bool
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The frame (codes or, with ``labels``, English labels in the index) and the labels
    vnfin knows for its codes, for ``df.attrs["labels"]``."""
    known = {c: glossary[c] for c in frame.index if c in glossary}
    return (parse.with_labels(frame, glossary) if labels else frame), known


class AsyncFundamentals(Group):
    """Fundamentals endpoints (awaitable). Reached as ``AsyncFinhay(...).fundamentals``."""

    name = "fundamentals"

    async def overview(self, symbol: str, *, labels: bool = False) -> pd.DataFrame:
        """Company ratios next to their industry averages.

        One row per metric (index ``metric``: ``pe pb ev_ebitda gross_margin roe roa eps
        dividend_yield nim margin_loan_to_equity_ratio`` …), columns ``company`` and
        ``industry``. Ratios are fractions (0.25 = 25 %), ``eps`` is VND. ``nim`` is for
        banks, ``margin_loan_to_equity_ratio`` for securities firms; missing elsewhere.
        ``labels=True`` shows English labels instead of codes.
        """
        sym = _inputs.symbol(symbol)
        path = "/market/company-financial/overview"
        reply = await self._get(path, [("symbol", sym)])
        frame, known = _labelled(parse.overview(reply.payload), ALL_LABELS, labels)
        return self._stamp(
            frame,
            reply,
            path,
            symbol=sym,
            unit="fractions; eps in VND",
            labels=known,
        )

    async def ratios(
        self, symbol: str, period: str = "annual", *, labels: bool = False
    ) -> pd.DataFrame:
        """Per-period financial ratios: every metric code the API sends (~200).

        One row per metric (index ``metric``: the API's code, e.g. ``roe``, ``bienlaigop``),
        one column per period (``2025`` or ``2025Q4``), newest first. Ratios are fractions;
        money amounts (``ebit``, ``ev``, ``vonhoa`` …) are VND. English labels for the
        common codes are in ``df.attrs["labels"]``; ``labels=True`` puts them in the index.
        ``period``: ``annual`` or ``quarterly``.
        """
        sym = _inputs.symbol(symbol)
        per = _inputs.choice(period, PERIODS, "period", PERIOD_ALIASES)
        path = "/market/company-financial/analysis"
        reply = await self._get(path, [("symbol", sym), ("period", per)])
        frame, known = _labelled(parse.ratios(reply.payload), RATIOS, labels)
        return self._stamp(
            frame,
            reply,
            path,
            symbol=sym,
            period=per,
            labels=known,
            unit="fractions for ratios, VND for amounts",
        )

    async def statement(
        self,
        symbol: str,
        kind: str,
        period: str = "annual",
        limit: int = 5,
        *,
        labels: bool = False,
    ) -> pd.DataFrame:
        """A financial statement, one row per line item and one column per period.

        ``kind``: ``income-statement``, ``balance-sheet`` or ``cash-flow`` (``income``,
        ``balance``, ``cashflow`` accepted). ``period``: ``annual`` or ``quarterly``;
        ``limit``: 1-5 periods (the API's maximum). Index ``metric`` (the API's codes,
        known ones first), columns ``2025``/``2025Q4`` newest first, values in VND.
        The API's wide and long shapes give the identical frame.
        """
        sym = _inputs.symbol(symbol)
        which = _inputs.choice(kind, KINDS, "kind", KIND_ALIASES)
        per = _inputs.choice(period, PERIODS, "period", PERIOD_ALIASES)
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 5:
            raise ValidationError(f"limit must be an integer from 1 to 5, got {limit!r}",
                                  argument="limit")  # fmt: skip
        path = "/market/v2/financial-statement/statement"
        params: list[Param] = [("symbol", sym), ("type", which), ("period", per), ("limit", limit)]
        reply = await self._get(path, params)
        frame, known = _labelled(parse.statement(reply.payload, which), STATEMENTS[which], labels)
        return self._stamp(frame, reply, path, symbol=sym, kind=which, period=per, unit="VND",
                           labels=known)  # fmt: skip


class Fundamentals(SyncGroup):
    """Fundamentals endpoints (blocking). Reached as ``Finhay(...).fundamentals``."""

    overview = blocking(AsyncFundamentals.overview)
    ratios = blocking(AsyncFundamentals.ratios)
    statement = blocking(AsyncFundamentals.statement)
