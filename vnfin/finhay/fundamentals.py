"""``fh.fundamentals``: company overview, per-period ratios and financial statements (§2.3)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .._faces import SyncGroup, blocking
from .._group import Group
from . import routes
from .glossary import ALL_LABELS, RATIOS, STATEMENTS
from .parsers import fundamentals as parse


def _labelled(frame: pd.DataFrame, glossary: Mapping[str, str], labels: bool) -> pd.DataFrame:
    """The frame (with English labels in the index if ``labels``), the labels vnfin knows for
    its codes in ``df.attrs["labels"]``."""
    known = {c: glossary[c] for c in frame.index if c in glossary}
    out = parse.with_labels(frame, glossary) if labels else frame
    out.attrs["labels"] = known
    return out


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
        return await self._frame(
            routes.overview(symbol),
            lambda p: _labelled(parse.overview(p), ALL_LABELS, labels),
            unit="fractions; eps in VND",
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
        return await self._frame(
            routes.ratios(symbol, period),
            lambda p: _labelled(parse.ratios(p), RATIOS, labels),
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
        call = routes.statement(symbol, kind, period, limit)
        which = call.inputs["kind"]
        return await self._frame(
            call,
            lambda p: _labelled(parse.statement(p, which), STATEMENTS[which], labels),
            unit="VND",
        )


class Fundamentals(SyncGroup[AsyncFundamentals]):
    """Fundamentals endpoints (blocking). Reached as ``Finhay(...).fundamentals``."""

    overview = blocking(AsyncFundamentals.overview)
    ratios = blocking(AsyncFundamentals.ratios)
    statement = blocking(AsyncFundamentals.statement)
