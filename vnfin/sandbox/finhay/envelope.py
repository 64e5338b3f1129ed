"""Finhay's envelope (reference §1.9), as the sandbox writes it.

Success: ``{"error_code": "0", "message": "success", <key>: payload, "traceId": …}`` with the
payload under ``result`` or ``data`` as the reference's table says for each endpoint (order
writes may send ``error_code`` and ``message`` as ``null``, which the reference allows); the
2FA endpoints put their fields at the top level, with no ``error_code`` (§1.7). Errors:
``{"status": 400, "error_code": "400", "message": "Invalid symbol", "data": null, …}``, the
HTTP status repeated in ``status``. Every body also carries a ``sandbox`` notice.
"""

from __future__ import annotations

import uuid
from typing import Any

from ..replies import NOTICE, Reply


def ok(
    key: str,
    payload: Any,
    *,
    code: str | None = "0",
    message: str | None = "success",
    **extra: Any,
) -> Reply:
    """A success with ``payload`` under ``key`` (``"result"`` or ``"data"``); ``extra``
    envelope fields (``popup_message``…) go after ``message``."""
    body = {
        "error_code": code,
        "message": message,
        **extra,
        key: payload,
        "traceId": str(uuid.uuid4()),
        "sandbox": NOTICE,
    }
    return Reply(200, body)


def ok_top(fields: dict[str, Any]) -> Reply:
    """A success with ``fields`` at the top level and no envelope (the 2FA endpoints)."""
    return Reply(200, {**fields, "sandbox": NOTICE})


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Reply:
    """An error body: HTTP ``status``, Finhay ``error_code`` and ``message``."""
    body = {
        "status": status,
        "error_code": code,
        "message": message,
        "data": None,
        "traceId": str(uuid.uuid4()),
        "sandbox": NOTICE,
    }
    return Reply(status, body, dict(headers or {}))


class Refusal(Exception):
    """A request the sandbox refuses. ``code`` defaults to the status as a string (``"400"``),
    the codes the reference shows for validation errors."""

    def __init__(
        self,
        message: str,
        status: int = 400,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code or str(status)
        self.headers = headers

    def reply(self) -> Reply:
        return error(self.status, self.code, self.message, self.headers)
