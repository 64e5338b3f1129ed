"""Reading LightSpeed requests the way its Spring services bind them: query parameters and JSON
fields by their exact (camelCase) names.

* **Query strings** (:func:`query`): percent-decoded, the last of a repeated name wins, except
  :func:`values`, which keeps every value (``status=NEW&status=EXPIRED``, or comma-separated).
* **Bodies** (:func:`body`): a UTF-8 JSON object (RFC 8259: no ``NaN``); an empty body is
  an empty object.
* **Numbers**: a JSON number or a numeric string; :func:`whole` insists on a whole number
  (``100`` and ``100.0`` alike, as Spring binds a ``Double`` field).

Every check refuses with a 400 ``{status, code: "BAD_REQUEST", message}`` naming the field.
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

_NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,6})?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def query(raw: str) -> dict[str, str]:
    """The query string's parameters by name (the last of a repeated name)."""
    return dict(parse_qsl(raw, keep_blank_values=True))


def values(raw: str, name: str) -> list[str]:
    """Every value of ``name``: repeated parameters and comma-separated lists alike."""
    found = [v for k, v in parse_qsl(raw, keep_blank_values=True) if k == name]
    return [part.strip() for v in found for part in v.split(",") if part.strip()]


def text(params: Mapping[str, str], name: str, *, required: bool = False) -> str:
    """A text parameter, stripped; missing or blank → ``""`` (or a 400 when required)."""
    value = params.get(name, "").strip()
    if required and not value:
        raise Refusal(f"{name} is required")
    return value


def integer(params: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    """An integer parameter within [lo, hi]; missing → ``default``."""
    value = params.get(name, "").strip()
    if not value:
        return default
    if not re.fullmatch(r"-?[0-9]{1,12}", value) or not lo <= int(value) <= hi:
        raise Refusal(f"{name} must be an integer from {lo} to {hi}, got {value[:20]!r}")
    return int(value)


def number(params: Mapping[str, str], name: str) -> float | None:
    """A decimal parameter; missing → None."""
    value = params.get(name, "").strip()
    if not value:
        return None
    if not _NUMBER.fullmatch(value):
        raise Refusal(f"{name} must be a number, got {value[:20]!r}")
    return float(value)


def boolean(params: Mapping[str, str], name: str, default: bool) -> bool:
    value = params.get(name, "").strip().lower()
    if not value:
        return default
    if value not in ("true", "false"):
        raise Refusal(f"{name} must be true or false, got {value[:20]!r}")
    return value == "true"


def iso_date(params: Mapping[str, str], name: str) -> dt.date | None:
    """A ``yyyy-MM-dd`` date parameter; missing → None."""
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Refusal(f"{name} must be a date as yyyy-MM-dd, got {value[:20]!r}") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def body(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object (empty body → ``{}``)."""
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refusal("The request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise Refusal("The request body must be a JSON object")
    return data


def field(data: Mapping[str, Any], name: str, *, required: bool = True) -> str:
    """A text field, stripped (numbers too); missing or blank → a 400, or ``""``."""
    value = data.get(name)
    out = str(value).strip() if isinstance(value, str | int | float) else ""
    if isinstance(value, bool):
        out = ""
    if required and not out:
        raise Refusal(f"{name} is required")
    return out


def amount(data: Mapping[str, Any], name: str) -> float | None:
    """A number field (JSON number or numeric string); None when missing or null."""
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool):
        raise Refusal(f"{name} must be a number")
    if isinstance(value, int | float):
        number = float(value) if abs(value) < 1e15 else math.inf
        if not math.isfinite(number):
            raise Refusal(f"{name} must be a finite number")
        return number
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        return float(value)
    raise Refusal(f"{name} must be a number")


def whole(data: Mapping[str, Any], name: str, lo: int = 1, hi: int = 2**31 - 1) -> int:
    """A required whole-number field within [lo, hi]."""
    value = amount(data, name)
    if value is None:
        raise Refusal(f"{name} is required")
    if not value.is_integer() or not lo <= value <= hi:
        raise Refusal(f"{name} must be a whole number from {lo:,} to {hi:,}")
    return int(value)


def obj(data: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A required nested JSON object."""
    value = data.get(name)
    if not isinstance(value, dict):
        raise Refusal(f"{name} must be an object")
    return value
