"""A local history store: daily and intraday bars kept as plain hive-partitioned Parquet, so a
repeated ``history(..., store=...)`` asks the broker only for what the store lacks.

Layout (readable as it is by DuckDB, Polars or Spark)::

    <root>/source=finhay/resolution=1D/symbol=VNM/bars.parquet
    <root>/source=finhay/resolution=5/symbol=VNM/bars.parquet

One file per partition, columns ``time open high low close volume`` (``time`` a tz-aware
``Asia/Ho_Chi_Minh`` timestamp in microseconds: local midnight of the trading date for daily
bars, the bar's start for intraday ones). The file's schema metadata (key ``vnfin``) records
which days were fetched whole *after their session closed*: a day inside a covered range is
never asked for again, even when it has no bar (a suspended symbol). Weekends and the
exchange holidays of ``data/holidays.csv`` are never gaps. Today's bars, and any bar newer
than the last close (15:00 Vietnam time), are kept but not covered: they are fetched again
until the session has closed; so is a day asked for only in part (an intraday range from
10:00). Weekly bars, which span several days, are not stored.

Simulated bars (from the sandbox, in process or on a loopback address) go to their own
partitions, ``source=finhay-sandbox``: trying vnfin on the sandbox with the default store can
never put made-up prices into the partition real Finhay bars are read from. Answers marked
simulated from anywhere else are refused rather than stored as real.

Sharing: every write re-reads the partition under a per-partition lock (``filelock``),
merges, writes a temporary file and renames it over the old one, so two processes writing
the same symbol leave a valid file and a crash mid-write loses nothing already stored. A
file that cannot be read is reported (a warning naming its path) and fetched again.

The root is ``Store(path)``, else ``$VNFIN_STORE``, else ``<user data dir>/vnfin/store``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import platformdirs
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
from filelock import FileLock

from . import _inputs
from ._data import data_dir
from ._loop import warn
from .errors import ValidationError
from .frames import VN_TZ, conform, empty_bars, stack_by_symbol, stamp

__all__ = ["Store"]

#: The resolutions the store keeps (every broker's daily and intraday bars; not weekly).
RESOLUTIONS = ("1D", "4H", "1H", "60", "30", "15", "5", "3", "1")
#: The session's open and close, local time: after the close a day's bars are final.
OPEN, CLOSE = dt.time(9, 0), dt.time(15, 0)
#: Added to a partition's source for a sandbox's bars (``source=finhay-sandbox``): simulated
#: bars never share a partition with the broker's own, so neither is ever read as the other.
SANDBOX_SUFFIX = "-sandbox"
FILE = "bars.parquet"
LOCK = ".lock"  # dot-prefixed: Spark, DuckDB's *.parquet glob and Polars skip it
META = b"vnfin"
CACHED = 1024  # partitions a Store keeps in memory (oldest read dropped first)
Span = tuple[dt.date, dt.date]


@cache
def holidays() -> frozenset[dt.date]:
    """Exchange holidays from ``data/holidays.csv``."""
    table = pd.read_csv(data_dir() / "holidays.csv")
    return frozenset(pd.to_datetime(table["date"]).dt.date)


def trading_day(day: dt.date) -> bool:
    """A weekday that is not an exchange holiday."""
    return day.weekday() < 5 and day not in holidays()


def union(spans: Iterable[Span]) -> list[Span]:
    """Sorted, merged date ranges (adjacent ranges join)."""
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + dt.timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def gaps(covered: Sequence[Span], first: dt.date, last: dt.date, final: dt.date) -> list[Span]:
    """The trading-day runs in ``[first, last]`` to fetch: not covered, or after ``final``
    (the last day whose session has closed). Non-trading days never split or start a run."""
    if last <= final and any(a <= first and last <= b for a, b in covered):
        return []  # the warm case, without walking every day of the range
    runs: list[list[dt.date]] = []
    broken = True
    day = first
    while day <= last:
        if trading_day(day):
            done = day <= final and any(a <= day <= b for a, b in covered)
            if done:
                broken = True
            elif runs and not broken:
                runs[-1][1] = day
            else:
                runs.append([day, day])
                broken = False
        day += dt.timedelta(days=1)
    return [(a, b) for a, b in runs]


def whole_days(begin: pd.Timestamp, finish: pd.Timestamp) -> Span:
    """The first and last days whose whole session (09:00 to 15:00 Vietnam time) lies in
    ``[begin, finish]``."""
    first = begin.date() if begin.time() <= OPEN else begin.date() + dt.timedelta(days=1)
    last = finish.date() if finish.time() >= CLOSE else finish.date() - dt.timedelta(days=1)
    return first, last


@dataclass
class Plan:
    """What the store holds for one partition and what it lacks in the range asked for."""

    missing: list[tuple[pd.Timestamp, pd.Timestamp]]
    simulated: bool
    bars: pd.DataFrame | None = None  # what the store held when planned (read once)


@dataclass
class _Part:
    bars: pd.DataFrame
    covered: list[Span]
    simulated: bool


def _default_root() -> Path:
    env = os.environ.get("VNFIN_STORE")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("vnfin", appauthor=False)) / "store"


class Store:
    """A local Parquet store of daily and intraday bars (see the module docstring).

    ``path``: the root folder (default ``$VNFIN_STORE``, else the user data directory).
    ``clock``: what "now" is, for deciding which bars are final (default the wall clock;
    tests and the sandbox pass the market clock, e.g. ``clock=lambda: sb.now``).
    """

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, clock: Callable[[], Any] | None = None
    ) -> None:
        self.root = Path(path).expanduser() if path is not None else _default_root()
        self.clock = clock
        # partitions read by this process, with the (inode, size, mtime) they had
        self._read: dict[Path, tuple[tuple[int, int, int], _Part]] = {}
        self._reading = threading.Lock()

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    @classmethod
    def of(cls, value: Any) -> Store | None:
        """``store=`` as the history methods take it: a :class:`Store`, a path, ``True`` (the
        default store) or ``None``/``False`` (no store)."""
        if value is None or value is False:
            return None
        if value is True:
            return cls()
        if isinstance(value, Store):
            return value
        if isinstance(value, str | os.PathLike):
            return cls(value)
        raise ValidationError(
            f"store must be a vnfin.Store, a path, True or None, got {value!r}", argument="store"
        )

    # -- where things are -------------------------------------------------------------------

    def _dir(self, source: str, resolution: str, symbol: str) -> Path:
        return self.root / f"source={source}" / f"resolution={resolution}" / f"symbol={symbol}"

    def _partitions(
        self, source: str | None = None, resolution: str | None = None
    ) -> list[tuple[str, str, str, Path]]:
        """Every stored partition as ``(source, resolution, symbol, file)``, sorted."""
        out = []
        for file in sorted(self.root.glob(f"source=*/resolution=*/symbol=*/{FILE}")):
            sym, res, src = (p.name.split("=", 1)[1] for p in file.parents[:3])
            if (source is None or src == source) and (resolution is None or res == resolution):
                out.append((src, res, sym, file))
        return out

    def _now(self) -> pd.Timestamp:
        now = pd.Timestamp.now(tz=VN_TZ) if self.clock is None else pd.Timestamp(self.clock())
        return now.tz_localize(VN_TZ) if now.tzinfo is None else now.tz_convert(VN_TZ)

    def final_day(self) -> dt.date:
        """The last day whose session has closed, by :attr:`clock`."""
        now = self._now()
        today = now.date()
        return today if now.time() >= CLOSE else today - dt.timedelta(days=1)

    # -- one partition ----------------------------------------------------------------------

    def _load(self, file: Path, *, quiet: bool = False) -> _Part | None:
        """A partition's bars and metadata; None when absent or unreadable (warned). A file
        read before and not replaced since (same inode, size and mtime: writes land by
        rename) is served from memory."""
        try:
            stat = file.stat()
        except FileNotFoundError:
            return None
        seen = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        with self._reading:
            cached = self._read.get(file)
        if cached is not None and cached[0] == seen:
            return cached[1]
        try:
            table = pq.read_table(file)
            meta = json.loads((table.schema.metadata or {})[META])
            frame = table.to_pandas().set_index("time")
            frame.index = pd.DatetimeIndex(frame.index, name="time").tz_convert(VN_TZ)
            covered = [
                (dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in meta["covered"]
            ]
            part = _Part(conform(frame), union(covered), bool(meta["simulated"]))
            self._remember(file, part, seen)
            return part
        except (pa.ArrowException, OSError, ValueError, KeyError, TypeError) as exc:
            if not quiet:
                warn(f"vnfin store: {file} is unreadable ({exc}); its bars will be fetched again")
            return None

    def _remember(self, file: Path, part: _Part, seen: tuple[int, int, int] | None = None) -> None:
        """Keep ``part`` as ``file`` now holds it (read, or just written by this process)."""
        if seen is None:
            stat = file.stat()
            seen = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        with self._reading:
            if len(self._read) >= CACHED:
                self._read.pop(next(iter(self._read)))
            self._read[file] = (seen, part)

    def _write(self, file: Path, part: _Part) -> None:
        """Write a partition atomically: a temporary file, flushed, renamed over the old one."""
        table = pa.Table.from_pandas(part.bars.reset_index(), preserve_index=False)
        meta = {
            "version": 1,
            "covered": [[a.isoformat(), b.isoformat()] for a, b in part.covered],
            "simulated": part.simulated,
        }
        table = table.replace_schema_metadata(
            {**(table.schema.metadata or {}), META: json.dumps(meta).encode()}
        )
        temp = file.with_name(f".{uuid.uuid4().hex}.tmp")
        try:
            with temp.open("wb") as sink:
                # microseconds, the unit DuckDB and Spark read as a time-zone-aware timestamp
                # (nanoseconds come back naive); bars have no finer part to lose
                pq.write_table(
                    table, sink, coerce_timestamps="us", allow_truncated_timestamps=False
                )
                sink.flush()
                os.fsync(sink.fileno())
            os.replace(temp, file)
        finally:
            temp.unlink(missing_ok=True)
        self._remember(file, part)

    def plan(
        self, source: str, resolution: str, symbol: str, begin: pd.Timestamp, finish: pd.Timestamp
    ) -> Plan:
        """The ranges of ``[begin, finish]`` to fetch for one symbol (each a whole run of
        trading days, clipped to the range)."""
        part = self._load(self._dir(source, resolution, symbol) / FILE)
        covered = part.covered if part else []
        runs = gaps(covered, begin.date(), finish.date(), self.final_day())
        one_day = pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
        missing = [
            (
                max(begin, pd.Timestamp(a, tz=VN_TZ)),
                min(finish, pd.Timestamp(b, tz=VN_TZ) + one_day),
            )
            for a, b in runs
        ]
        return Plan(missing, bool(part and part.simulated), part.bars if part else None)

    def save(
        self,
        source: str,
        resolution: str,
        symbol: str,
        fetched: pd.DataFrame,
        begin: pd.Timestamp,
        finish: pd.Timestamp,
        simulated: bool,
        planned: Plan | None = None,
    ) -> pd.DataFrame:
        """Merge ``fetched`` (which answers every gap of ``[begin, finish]``) into the store,
        mark the closed days of the range covered, and return the stored bars in the range.
        When ``planned`` found nothing missing, the bars it read are the answer: no lock, no
        second read, no write (a warm store costs one read per symbol)."""
        if planned is not None and not planned.missing and planned.bars is not None:
            held = planned.bars
            return held.loc[(held.index >= begin) & (held.index <= finish)]
        folder = self._dir(source, resolution, symbol)
        folder.mkdir(parents=True, exist_ok=True)
        with FileLock(folder / LOCK):
            old = self._load(folder / FILE, quiet=True)
            if old is None or old.bars.empty:
                bars = fetched
            elif fetched.empty:
                bars = old.bars
            else:
                bars = pd.concat([old.bars, fetched])
            bars = bars[~bars.index.duplicated(keep="last")].sort_index()
            first, last = whole_days(begin, finish)
            last = min(last, self.final_day())
            covered = list(old.covered) if old else []
            if first <= last:
                covered.append((first, last))
            part = _Part(bars, union(covered), simulated or bool(old and old.simulated))
            if not fetched.empty or old is None or part.covered != old.covered:
                self._write(folder / FILE, part)
        return bars.loc[(bars.index >= begin) & (bars.index <= finish)]

    # -- the public face --------------------------------------------------------------------

    def read(
        self,
        symbols: str | Iterable[str],
        start: Any = None,
        end: Any = None,
        resolution: str = "1D",
        *,
        source: str | None = None,
    ) -> pd.DataFrame:
        """Stored bars, offline (no client, no credentials), shaped as ``history()`` returns
        them: columns ``open high low close volume`` on a ``time`` index, or a ``(symbol,
        time)`` MultiIndex for a list. ``start``/``end`` as for ``history`` (default: all).
        ``source`` (``finhay``, ``ssi``, ``dnse``; ``finhay-sandbox`` … for a sandbox's bars)
        is needed only when several sources' bars of a symbol are stored. A symbol not stored
        gives no rows. ``df.attrs["simulated"]`` is True when any of the bars are."""
        syms = _inputs.symbols(symbols)
        res = _resolution(resolution)
        begin, finish = _bounds(start, end)
        frames: dict[str, pd.DataFrame] = {}
        sources: set[str] = set()
        simulated = False
        for sym in syms:
            found = [p for p in self._partitions(source, res) if p[2] == sym]
            if len(found) > 1:
                names = ", ".join(p[0] for p in found)
                raise ValidationError(
                    f"{sym} is stored from several sources ({names}); pass source=",
                    argument="source",
                )
            part = self._load(found[0][3]) if found else None
            bars = part.bars if part else empty_bars()
            if found:
                sources.add(found[0][0])
                simulated = simulated or bool(part and part.simulated)
            frames[sym] = bars.loc[(bars.index >= begin) & (bars.index <= finish)]
        frame = frames[syms[0]] if isinstance(symbols, str) else stack_by_symbol(frames)
        return stamp(
            frame,
            source=source or (sources.pop() if len(sources) == 1 else "store"),
            endpoint=f"store:{self.root}",
            simulated=simulated,
            unit="as stored by history(): VND; volume in shares",
            resolution=res,
            symbols=syms,
        )

    def symbols(self, source: str | None = None, resolution: str | None = None) -> list[str]:
        """The symbols stored (sorted, once each)."""
        return sorted({p[2] for p in self._partitions(source, resolution)})

    def coverage(self) -> pd.DataFrame:
        """One row per stored partition, indexed ``(source, resolution, symbol)``: ``first``
        and ``last`` bar times, ``bars`` (count), ``covered_from``/``covered_to`` (the
        first and last day known final) and ``path``."""
        rows = []
        for src, res, sym, file in self._partitions():
            part = self._load(file)
            if part is None:
                continue
            idx = part.bars.index
            rows.append(
                {
                    "source": src,
                    "resolution": res,
                    "symbol": sym,
                    "first": idx.min() if len(idx) else pd.NaT,
                    "last": idx.max() if len(idx) else pd.NaT,
                    "bars": len(idx),
                    "covered_from": part.covered[0][0] if part.covered else None,
                    "covered_to": part.covered[-1][1] if part.covered else None,
                    "path": str(file),
                }
            )
        columns = ["first", "last", "bars", "covered_from", "covered_to", "path"]
        keys = ["source", "resolution", "symbol"]
        if not rows:
            index = pd.MultiIndex.from_arrays([[], [], []], names=keys)
            return pd.DataFrame(columns=columns, index=index)
        frame = pd.DataFrame(rows).set_index(keys)
        frame["first"] = pd.to_datetime(frame["first"]).dt.tz_convert(VN_TZ)
        frame["last"] = pd.to_datetime(frame["last"]).dt.tz_convert(VN_TZ)
        frame["bars"] = frame["bars"].astype("int64")
        return frame[columns]

    def clear(
        self,
        symbols: str | Iterable[str] | None = None,
        *,
        source: str | None = None,
        resolution: str | None = None,
    ) -> int:
        """Delete stored partitions (all, or those of ``symbols``/``source``/``resolution``);
        returns how many were removed."""
        wanted = None if symbols is None else set(_inputs.symbols(symbols))
        removed = 0
        for _src, _res, sym, file in self._partitions(source, resolution):
            if wanted is not None and sym not in wanted:
                continue
            with FileLock(file.parent / LOCK):
                file.unlink(missing_ok=True)
            shutil.rmtree(file.parent, ignore_errors=True)
            removed += 1
        return removed


def _resolution(value: Any) -> str:
    return _inputs.choice(value, RESOLUTIONS, "resolution", {"D": "1D"})


def _bounds(start: Any, end: Any) -> tuple[pd.Timestamp, pd.Timestamp]:
    begin = pd.Timestamp("2000-01-01", tz=VN_TZ)
    finish = pd.Timestamp("2100-01-01", tz=VN_TZ)
    if start is not None:
        begin = _inputs.timestamp(start, "start", latest=finish).normalize()
    if end is not None:
        finish = _inputs.timestamp(end, "end", latest=finish).normalize()
        finish += pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    if begin > finish:
        raise ValidationError("start is after end", argument="start")
    return begin, finish


def for_history(value: Any, resolution: str) -> Store | None:
    """``store=`` of a ``history()`` call checked before any request: the store, or None."""
    store = Store.of(value)
    if store is not None and resolution not in RESOLUTIONS:
        raise ValidationError(
            f"store= keeps daily and intraday bars ({', '.join(RESOLUTIONS)}), not "
            f"resolution {resolution!r}: its bars span several days",
            argument="store",
        )
    return store
