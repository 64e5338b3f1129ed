"""What every SSI parser shares: field names looked up case-insensitively, both FCData
dialects (reference §2.2, §7.10), numbers sent as strings.

* the current dialect: ``{"status": 200, "data": [...], "totalRecord": n}``, PascalCase
  fields, most numbers as strings (``"Open": "12900"``);
* the older one: ``{"status": "SUCCESS", "dataList": [...]}``, lower-case fields.

:func:`rows` finds the records in either; :func:`fold` gives a record with lower-case keys;
:func:`frame` builds a typed frame from folded records with a field table keyed by lower-case
wire names, keeping fields it does not know (snake_cased from the name as sent).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..._inputs import day_first
from ..._parse import Fields, as_float, column, shape_error
from ...frames import VN_TZ, snake


def fold(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record with lower-case keys (the first spelling of a name wins)."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(key, str):
            out.setdefault(key.lower(), value)
    return out


def field(record: Mapping[str, Any] | None, *names: str) -> Any:
    """The first of ``names`` present (case-insensitively) in ``record``, else None."""
    if not isinstance(record, Mapping):
        return None
    folded = fold(record)
    for name in names:
        value = folded.get(name.lower())
        if value is not None:
            return value
    return None


def data(body: Any, endpoint: str) -> Any:
    """``data`` (or the older ``dataList``) of a decoded envelope."""
    if not isinstance(body, Mapping):
        raise shape_error(endpoint, "expected the envelope object")
    return field(body, "data", "dataList")


def rows(body: Any, endpoint: str) -> list[Mapping[str, Any]]:
    """The records of an answer in either dialect, as sent. ``data`` may be a list, one
    object, or an object holding the list under its only list-valued key."""
    found = data(body, endpoint)
    if found is None:
        return []
    if isinstance(found, Mapping):
        lists = [v for v in found.values() if isinstance(v, list)]
        found = lists[0] if len(lists) == 1 else [found]
    if not isinstance(found, list) or not all(isinstance(r, Mapping) for r in found):
        raise shape_error(endpoint, "expected a list of objects")
    return found


def total(body: Any) -> int | None:
    """``totalRecord`` of a paged answer, None when absent or unreadable."""
    value = as_float(field(body, "totalRecord", "totalrecords", "total"))
    return None if np.isnan(value) else int(value)


def spelled(raw: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """lower-case name → the name as sent (preferring a spelling with capitals, so an
    unknown PascalCase field still snake_cases well)."""
    names: dict[str, str] = {}
    for record in raw:
        for key in record:
            if isinstance(key, str):
                low = key.lower()
                if low not in names or names[low].islower():
                    names[low] = key
    return names


def frame(
    raw: Sequence[Mapping[str, Any]],
    fields: Fields,
    *,
    keep_extra: bool = True,
    skip: Sequence[str] = (),
) -> pd.DataFrame:
    """Records as sent → a frame with the declared columns first (``fields`` keyed by
    lower-case wire name), then every other scalar field, snake_cased from its name as sent:
    numeric when every value present reads as a number, as sent otherwise."""
    records = [fold(r) for r in raw]
    names = spelled(raw)
    columns: dict[str, pd.Series] = {}
    for wire, (name, kind) in fields.items():
        columns[name] = column([r.get(wire) for r in records], kind)
    if keep_extra:
        known = set(fields) | {s.lower() for s in skip}
        for wire in sorted({k for r in records for k in r} - known):
            if any(isinstance(r.get(wire), Mapping | list) for r in records):
                continue  # nested lists and objects have their own parsers
            name = snake(names.get(wire, wire))
            if name not in columns:
                values = [r.get(wire) for r in records]
                numbers = column(values, "float")
                present = [v for v in values if v not in (None, "")]
                readable = bool(present) and int(numbers.notna().sum()) == len(present)
                columns[name] = numbers if readable else column(values, "object")
    return pd.DataFrame(columns, index=pd.RangeIndex(len(records)))


_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?")


def _date(value: Any) -> dt.date | None:
    """``DD/MM/YYYY`` (SSI's way, with or without a time after it) or ISO ``YYYY-MM-DD``."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parts = day_first(text)
        if parts is not None:
            return parts[0]
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _seconds(value: Any) -> int | None:
    match = _CLOCK.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None
    hour, minute, second = (int(g or 0) for g in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour * 3600 + minute * 60 + second


def moments(dates: Sequence[Any], clocks: Sequence[Any] | None = None) -> pd.DatetimeIndex:
    """Trading dates (and, for intraday bars, ``HH:mm:ss`` times) → a Vietnam-time index:
    local midnight of the date without a time. Unreadable → NaT (never a month/day swap:
    ``05/06/2023`` is 5 June)."""
    stamps: list[Any] = []
    for i, value in enumerate(dates):
        day = _date(value)
        if day is None:
            stamps.append(pd.NaT)
            continue
        ts = pd.Timestamp(day)
        if clocks is not None:
            seconds = _seconds(clocks[i])
            if seconds is None:
                stamps.append(pd.NaT)
                continue
            ts += pd.Timedelta(seconds=seconds)
        stamps.append(ts)
    index = pd.DatetimeIndex(stamps, dtype="datetime64[ns]")
    return index.tz_localize(VN_TZ).rename("time")
