"""What the sandbox answers, before any broker's envelope: a status, a JSON body, headers.

Every answer, whatever the dialect, carries the marker header ``X-Vnfin-Sandbox:
simulated-data`` (clients use it to flag simulated data; vnfin's own client keeps its own copy
of the name, and a contract test checks the two agree over the wire). Broker envelopes live in
each dialect (e.g. :mod:`vnfin.sandbox.finhay.envelope`); :func:`neutral` is the answer in
no broker's envelope, for requests no dialect owns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

SANDBOX_HEADER = "X-Vnfin-Sandbox"
SANDBOX_VALUE = "simulated-data"
NOTICE = "simulated data from the vnfin sandbox, not real market prices"


@dataclass
class Reply:
    """One answer: HTTP ``status``, a JSON-able ``body`` and extra ``headers``; ``delay``
    holds the answer back that many seconds after it was made (a fault: the work is done,
    the client waits), as the ways in (:mod:`.transport`, :mod:`.asgi`) apply it."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0

    def encode(self) -> bytes:
        """The body as compact UTF-8 JSON."""
        return json.dumps(self.body, ensure_ascii=False, separators=(",", ":")).encode()

    def wire_headers(self) -> dict[str, str]:
        """The headers to send: JSON, the simulated-data marker, then the reply's own."""
        return {"Content-Type": "application/json", SANDBOX_HEADER: SANDBOX_VALUE, **self.headers}


def neutral(status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
    """An answer in no broker's envelope, for a request no dialect owns (or that never got
    as far as a path): ``{"status": 404, "message": "No route /x", "sandbox": …}``."""
    return Reply(status, {"status": status, "message": message, "sandbox": NOTICE}, headers or {})


def num(value: float | None) -> int | float | None:
    """Whole numbers go out as JSON integers (VND amounts), others rounded to 2 decimals."""
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else round(value, 2)
