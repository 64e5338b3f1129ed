"""Price history for many symbols, for every broker: range → windows → concurrent gather →
trim → one frame.

A broker supplies one coroutine, ``fetch(symbol, window_start, window_end)``, that asks for one
window of one symbol (epoch seconds, inclusive) and returns the parsed bars and whether the
answer was simulated. :func:`collect` plans the windows, runs every request concurrently (the
session's gate and rate limiter bound them), shows progress, drops symbols the broker refused
when asked to (``errors="skip"``), trims and de-duplicates, and stacks the symbols under a
``(symbol, time)`` index.
"""

from __future__ import annotations

from asyncio import to_thread
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from . import _inputs
from ._group import Group, gather
from ._loop import warn
from ._parse import ascending
from ._progress import Progress
from .errors import APIError, ValidationError, VnfinError
from .frames import VN_TZ, empty_bars, stack_by_symbol, stamp, vn_day_end, vn_midnight
from .store import SANDBOX_SUFFIX, for_history

if TYPE_CHECKING:
    from .store import Plan, Store

Fetch = Callable[[str, int, int], Awaitable[tuple[pd.DataFrame, bool]]]
ErrorMode = Literal["raise", "skip"]


def span(start: Any, end: Any, daily: bool) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Resolve ``start``/``end`` to an inclusive ``[begin, finish]`` in Vietnam time.

    A date without a time (and every date for daily bars) means the whole day, so ``end`` is
    inclusive; ``end=None`` means now. History starts in 2000 and ends tomorrow at the latest.
    """
    now = pd.Timestamp.now(tz=VN_TZ)
    latest = vn_midnight(now, 2)  # the end of tomorrow
    begin = _inputs.timestamp(start, "start", latest=latest)
    finish = now if end is None else _inputs.timestamp(end, "end", latest=latest)
    if daily or _inputs.is_date_only(start):
        begin = vn_midnight(begin)
    if end is not None and (daily or _inputs.is_date_only(end)):
        finish = vn_day_end(finish)
    if begin > finish:
        raise ValidationError(
            f"start ({begin:%Y-%m-%d %H:%M}) is after end ({finish:%Y-%m-%d %H:%M})",
            argument="start",
        )
    return begin, finish


def windows(begin: pd.Timestamp, finish: pd.Timestamp, days: int) -> list[tuple[int, int]]:
    """Split ``[begin, finish]`` into request windows of Unix seconds, ``days`` long at most."""
    step = days * 86_400
    lo, hi = int(begin.timestamp()), int(finish.timestamp())
    out = []
    while lo <= hi:
        top = min(hi, lo + step - 1)
        out.append((lo, top))
        lo = top + 1
    return out


def error_mode(errors: Any) -> ErrorMode:
    """``errors=`` checked: ``"raise"`` or ``"skip"``."""
    if errors not in ("raise", "skip"):
        raise ValidationError(
            f"errors must be 'raise' or 'skip', got {errors!r}", argument="errors"
        )
    return "skip" if errors == "skip" else "raise"


async def bars(
    group: Group,
    fetch: Fetch,
    symbols: str | Iterable[str],
    start: Any,
    end: Any,
    resolution: str,
    *,
    daily: bool,
    days: int,
    errors: Any,
    progress: bool | None,
    store: Any,
    endpoint: str,
    unit: str,
    **attrs: Any,
) -> pd.DataFrame:
    """Every broker's ``history()`` after its own ``resolution`` check: the inputs checked
    (symbols, ``errors``, ``store``, the range), :func:`collect` with the group's store
    partition, and the frame stamped with its provenance (``attrs`` adds the broker's own)."""
    syms = _inputs.symbols(symbols)
    mode = error_mode(errors)
    keep = for_history(store, resolution)
    begin, finish = span(start, end, daily)
    got = await collect(
        fetch,
        syms,
        begin,
        finish,
        days,
        many=not isinstance(symbols, str),
        errors=mode,
        progress=progress,
        store=keep,
        key=(group.store_source, resolution),
    )
    return stamp(
        got.frame,
        all_numeric=True,  # bars: numbers only, only the index to conform
        source=group.source,
        endpoint=endpoint,
        simulated=got.simulated,
        unit=unit,
        **attrs,
        resolution=resolution,
        adjusted="as served by the API (not stated)",
        symbols=syms,
        start=begin,
        end=finish,
        failed={s: str(e) for s, e in got.failed.items()},
    )


@dataclass
class Collected:
    """What :func:`collect` gathered: the frame and how it went."""

    frame: pd.DataFrame
    simulated: bool
    failed: dict[str, VnfinError] = field(default_factory=dict)


async def collect(
    fetch: Fetch,
    symbols: Sequence[str],
    begin: pd.Timestamp,
    finish: pd.Timestamp,
    days: int,
    *,
    many: bool,
    errors: ErrorMode = "raise",
    progress: bool | None = None,
    label: str = "history",
    store: Store | None = None,
    key: tuple[str, str] = ("", ""),
) -> Collected:
    """Fetch every window of every symbol concurrently and join them.

    One symbol (``many=False``) gives a ``time``-indexed frame; ``many=True`` the same columns
    under a ``(symbol, time)`` MultiIndex, in the order given. With ``errors="skip"`` a
    symbol the broker refuses is left out, listed in ``Collected.failed`` and named once in a
    warning; its first window is asked for before the others, so a refused symbol costs
    one request.

    With a ``store`` (``key`` is ``(source, resolution)``), each symbol's
    windows cover only what the store lacks, and what comes back is merged into it.
    """
    # the store's reads and locked writes are file I/O: off the loop, in worker threads
    plans: dict[str, Plan] = {}
    if store:
        found = await gather(*[to_thread(store.plan, *key, s, begin, finish) for s in symbols])
        plans = dict(zip(symbols, found, strict=True))
    plan = {s: [w for a, b in p.missing for w in windows(a, b, days)] for s, p in plans.items()}
    every = windows(begin, finish, days)
    count = sum(len(plan[s]) for s in symbols) if store else len(symbols) * len(every)
    bar = Progress(count, label, progress)
    pieces: dict[str, list[pd.DataFrame]] = {s: [] for s in symbols}
    failed: dict[str, VnfinError] = {}
    simulated = False

    async def window(sym: str, a: int, b: int) -> None:
        nonlocal simulated
        try:
            frame, sim = await fetch(sym, a, b)
        finally:
            bar.advance()
        simulated = simulated or sim
        pieces[sym].append(frame)

    async def one(sym: str) -> None:
        spans = plan[sym] if store else every
        if not spans:
            return
        first, rest = spans[0], spans[1:]
        try:
            await window(sym, *first)
        except VnfinError as exc:
            if errors == "raise":
                raise
            failed[sym] = exc
            bar.advance(len(rest))  # the windows never asked for
            return
        try:
            await gather(*[window(sym, a, b) for a, b in rest])
        except VnfinError as exc:
            if errors == "raise":
                raise
            failed[sym] = exc

    try:
        await gather(*[one(s) for s in symbols])
    finally:
        bar.close()

    empty: list[pd.DataFrame] = []  # one for every symbol with nothing fetched (a warm store)

    def joined(parts: list[pd.DataFrame]) -> pd.DataFrame:
        if parts:
            return trim(parts, begin, finish)
        if not empty:
            empty.append(empty_bars())
        return empty[0]

    frames = {s: joined(pieces[s]) for s in symbols if s not in failed}
    if store:
        sim = simulated
        if sim and not key[0].endswith(SANDBOX_SUFFIX):
            raise ValidationError(
                f"{label}: store= refused for a sandbox served from another machine: its "
                f"simulated bars would be filed as real {key[0]} bars (a sandbox on this "
                "machine, in process or on a loopback address, has partitions of its own)",
                argument="store",
            )
        saved = await gather(
            *[
                to_thread(store.save, *key, s, f, begin, finish, sim, plans[s])
                for s, f in frames.items()
            ]
        )
        frames = {s: trim([f], begin, finish) for s, f in zip(frames, saved, strict=True)}
        simulated = simulated or any(p.simulated for p in plans.values())
    if failed:
        warn(
            f"{label}: skipped {len(failed)} symbol(s) the broker refused: "
            + "; ".join(f"{s} ({_reason(e)})" for s, e in failed.items())
        )
    if many:
        frame = stack_by_symbol(frames)
    else:
        frame = frames[symbols[0]] if symbols[0] in frames else empty_bars()
    return Collected(frame, simulated, failed)


def _reason(error: VnfinError) -> str:
    """Why a symbol was refused, without repeating the request (which names the symbol)."""
    if isinstance(error, APIError):
        status = "" if error.status_code is None else f"HTTP {error.status_code} "
        return f"{status}{error.error_code or ''}: {error.message}".replace(" :", ":")
    return type(error).__name__


def trim(parts: list[pd.DataFrame], begin: pd.Timestamp, finish: pd.Timestamp) -> pd.DataFrame:
    """Join one symbol's windows: no duplicate bars, ascending, inside ``[begin, finish]``."""
    if not parts:
        return empty_bars()
    frame = ascending(pd.concat(parts) if len(parts) > 1 else parts[0])
    index = frame.index
    if isinstance(index, pd.DatetimeIndex) and len(index):
        stamps = index.as_unit("ns").asi8  # epoch nanoseconds: no Timestamp boxed to compare
        if stamps[0] < begin.value or stamps[-1] > finish.value:
            lo = stamps.searchsorted(begin.value, "left")
            frame = frame.iloc[lo : stamps.searchsorted(finish.value, "right")]
    # pandas infers a frequency from some ranges and not others; bars have none, so a frame
    # does not depend on how (or whether, with a store) it was fetched.
    if isinstance(frame.index, pd.DatetimeIndex) and frame.index.freq is not None:
        # (pandas-stubs type freq= without None, which pandas documents as "no frequency")
        frame.index = pd.DatetimeIndex(frame.index, freq=None)  # type: ignore[arg-type]
    return frame
