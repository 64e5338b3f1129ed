"""Reading SSI requests the way its ASP.NET servers bind them: names case-insensitively.

* **Query strings** (:func:`query`): names folded to lower case (the spec writes ``Symbol``,
  ``FromDate``; clients send ``symbol``, ``fromDate``), values percent-decoded. Booleans
  (:func:`boolean`) take ``true``/``false`` in any case — Python's ``True``/``False`` from
  SSI's own Python client, ``true``/``false`` from .NET (reference §1.5). Dates
  (:func:`date`) are ``DD/MM/YYYY``.
* **Bodies** (:func:`body`): a UTF-8 JSON object parsed from the raw bytes, whatever the
  whitespace (``json.dumps`` with its default ``", "``/``": "`` separators is fine); field
  names folded to lower case, values as sent.
* **Order fields**: ``requestID`` is 1–8 ASCII digits (:data:`REQUEST_ID`); ``deviceId`` a
  MAC as ``XX:XX:XX:XX:XX:XX``, ``XX-XX-XX-XX-XX-XX`` or ``XXXXXXXXXXXX``, or the
  ``iface:mac|iface:mac`` list SSI's own Python and Node helpers send (:func:`device_ok`).

Each check refuses with a 400 envelope whose message names the field.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from .envelope import Refusal

REQUEST_ID = re.compile(r"[0-9]{1,8}")
_HEX = "[0-9A-Fa-f]{2}"
MAC = re.compile(rf"{_HEX}(?::{_HEX}){{5}}|{_HEX}(?:-{_HEX}){{5}}|[0-9A-Fa-f]{{12}}")
_NAMED_MAC = re.compile(rf"[^|]+?:(?P<mac>{MAC.pattern})")
_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
_INTEGER = re.compile(r"-?[0-9]{1,15}")
_NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,6})?")
MAX_DEVICE_ID = 1000


def query(raw: str) -> dict[str, str]:
    """The query string's parameters by lower-case name (the last of a repeated name)."""
    return {k.lower(): v for k, v in parse_qsl(raw, keep_blank_values=True)}


def text(params: Mapping[str, str], name: str, *, required: bool = False) -> str:
    """A text parameter, stripped; missing or blank → ``""`` (or a 400 when required)."""
    value = params.get(name.lower(), "").strip()
    if required and not value:
        raise Refusal(f"{name} is required")
    return value


def boolean(params: Mapping[str, str], name: str, default: bool) -> bool:
    """``true``/``false`` in any case (``True`` from Python, ``true`` from .NET)."""
    value = params.get(name.lower(), "").strip().lower()
    if not value:
        return default
    if value not in ("true", "false"):
        raise Refusal(f"{name} must be true or false, got {value[:20]!r}")
    return value == "true"


def integer(
    params: Mapping[str, str], name: str, default: int, lo: int = 0, hi: int = 10**9
) -> int:
    """An integer parameter within [lo, hi]; missing → ``default``."""
    value = params.get(name.lower(), "").strip()
    if not value:
        return default
    if not _INTEGER.fullmatch(value) or not lo <= int(value) <= hi:
        raise Refusal(f"{name} must be an integer from {lo} to {hi}, got {value[:20]!r}")
    return int(value)


def number(params: Mapping[str, str], name: str, default: float = 0.0) -> float:
    """A decimal parameter (``21000``, ``21000.0``); missing → ``default``."""
    value = params.get(name.lower(), "").strip()
    if not value:
        return default
    if not _NUMBER.fullmatch(value):
        raise Refusal(f"{name} must be a number, got {value[:20]!r}")
    return float(value)


def choice(params: Mapping[str, str], name: str, allowed: tuple[int, ...], default: int) -> int:
    """An integer parameter that must be one of ``allowed`` (page sizes)."""
    value = integer(params, name, default, 0, 10**6)
    if value not in allowed:
        raise Refusal(f"{name} must be one of {', '.join(map(str, allowed))}, got {value}")
    return value


def date(params: Mapping[str, str], name: str, label: str) -> dt.date:
    """A required ``DD/MM/YYYY`` date; ``label`` is its name in words (``Start Date``)."""
    value = params.get(name.lower(), "").strip()
    if not value:
        raise Refusal(f"'{label}' must not be empty; {name[0].upper()}{name[1:]} is required.")
    m = _DATE.fullmatch(value)
    try:
        if m is None:
            raise ValueError(value)
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        raise Refusal(f"{name} must be a date as DD/MM/YYYY, got {value[:20]!r}") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # NaN, Infinity: Python's extension, not RFC 8259


def sent(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object (RFC 8259: no ``NaN``), field names as sent."""
    try:
        data = json.loads(raw.decode("utf-8") or "null", parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refusal("The request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise Refusal("The request body must be a JSON object")
    return data


def body(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object, field names in lower case."""
    return {str(k).lower(): v for k, v in sent(raw).items()}


def field(data: Mapping[str, Any], name: str) -> str:
    """A body field as text (numbers too: some clients send ids as numbers); ``""`` when
    missing or null."""
    value = data.get(name.lower())
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value).lower()
    if isinstance(value, int | float | str):
        return str(value).strip()
    return ""


def flag(data: Mapping[str, Any], name: str, default: bool = False) -> bool | None:
    """A body boolean (``true``, or ``"true"`` in any case); None when it is neither."""
    value = data.get(name.lower())
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def amount(data: Mapping[str, Any], name: str) -> float | None:
    """A body number (JSON number, or a numeric string); None when missing or not one."""
    value = data.get(name.lower())
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = float(value) if abs(value) < 1e15 else math.inf
        return number if math.isfinite(number) else None
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        return float(value)
    return None


def device_ok(value: str) -> bool:
    """A documented MAC format, or ``iface:mac`` items joined by ``|``."""
    if not value or len(value) > MAX_DEVICE_ID:
        return False
    if MAC.fullmatch(value):
        return True
    return all(_NAMED_MAC.fullmatch(part) for part in value.split("|"))
