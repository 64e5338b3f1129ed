"""DNSE LightSpeed's answers (reference §4.7), as the sandbox writes them.

LightSpeed has **no success envelope**: a success is the object itself (``{"token": ...}``,
``{"orders": [...]}``, an Order). Errors come in two shapes, the HTTP status repeated:

* ``{"status": 400, "code": "QMAX_EXCEED", "message": "..."}`` — validation, order rejects,
  missing resources (``{"status": 404, "code": "RESOURCE_NOT_FOUND", ...}``), trading-token
  refusals, rate limits, faults;
* ``{"message": "Invalid signature"}`` — a missing, malformed or expired JWT (401), as the
  conditional-order pages show it.

Every object body, success or error, also carries a top-level ``sandbox`` notice (list items
and nested objects do not), like the other dialects' bodies.
"""

from __future__ import annotations

from typing import Any

from ..replies import NOTICE, Reply

CODES = {  # the code a refusal carries when none is given, by HTTP status
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "RESOURCE_NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    429: "TOO_MANY_REQUESTS",
    500: "INTERNAL_SERVER_ERROR",
}


def ok(body: dict[str, Any], status: int = 200) -> Reply:
    """A success: ``body`` as it is, with the sandbox notice."""
    return Reply(status, {**body, "sandbox": NOTICE})


def error(
    status: int,
    message: str,
    code: str | None = None,
    headers: dict[str, str] | None = None,
    *,
    bare: bool = False,
) -> Reply:
    """An error: ``{status, code, message}`` (``code`` defaults from the status), or
    ``{message}`` alone when ``bare``."""
    body: dict[str, Any] = {"message": message}
    if not bare:
        body = {"status": status, "code": code or CODES.get(status, str(status)), **body}
    return Reply(status, {**body, "sandbox": NOTICE}, dict(headers or {}))


class Refusal(Exception):
    """A request the sandbox refuses (module docstring for the two shapes)."""

    def __init__(
        self,
        message: str,
        status: int = 400,
        code: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        bare: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.headers = headers
        self.bare = bare

    def reply(self) -> Reply:
        return error(self.status, self.message, self.code, self.headers, bare=self.bare)


def not_found(what: str) -> Refusal:
    return Refusal(f"{what} not found", 404, "RESOURCE_NOT_FOUND")
