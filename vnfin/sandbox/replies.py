"""Sandbox answers: the Finhay envelope, error bodies, and JSON-friendly numbers."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

NOTICE = "simulated data from the vnfin sandbox, not real market prices"


@dataclass
class SandboxReply:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def ok(cls, key: str, payload: Any) -> SandboxReply:
        return cls(
            200,
            {
                "error_code": "0",
                "message": "success",
                key: payload,
                "traceId": str(uuid.uuid4()),
                "sandbox": NOTICE,
            },
        )

    @classmethod
    def ok_top(cls, fields: dict[str, Any]) -> SandboxReply:
        return cls(200, {"error_code": "0", "message": "success", **fields, "sandbox": NOTICE})

    def encode(self) -> bytes:
        return json.dumps(self.body, ensure_ascii=False, separators=(",", ":")).encode()


def error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> SandboxReply:
    body = {
        "status": status,
        "error_code": code,
        "message": message,
        "data": None,
        "traceId": str(uuid.uuid4()),
        "sandbox": NOTICE,
    }
    return SandboxReply(status, body, dict(headers or {}))


def bad(message: str) -> SandboxReply:
    return error(400, "400", message)


def num(value: float | None) -> int | float | None:
    """Whole numbers go out as JSON integers, like the real API's VND amounts."""
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else round(value, 2)
