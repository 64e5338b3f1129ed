"""SSI's envelope (reference §1.3, §2.2), as the sandbox writes it.

Every FastConnect answer is ``{"message", "status", "data"}`` with ``status`` an **integer in
the body** (200 on success); the HTTP status repeats it (a 4xx or 5xx body status is also the
HTTP status), so a client that reads only one of the two still sees the refusal. FCData adds
``totalRecord`` to paged answers; its legacy dialect (:func:`legacy`) answers ``{"message",
"status": "SUCCESS", "dataList", "totalRecord"}``. Every body also carries a ``sandbox``
notice.

Refusals: ``{"message": "...", "status": 400, "data": null}``. An order refused with one of
SSI's codes (``ORD001``…, reference §1.10) carries it in ``data``:
``{"message": "Price is below the floor price: ...", "status": 400, "data": {"errorCode":
"ORD002", "requestID": "12"}}`` — the same ``errorCode`` the ``orderError`` stream event has.
"""

from __future__ import annotations

from typing import Any

from ..replies import NOTICE, Reply

SUCCESS = "Success"


def ok(data: Any, **extra: Any) -> Reply:
    """A success: ``data`` and any ``extra`` top-level fields (``totalRecord``)."""
    return Reply(200, {"message": SUCCESS, "status": 200, "data": data, **extra, "sandbox": NOTICE})


def legacy(rows: list[Any], total: int) -> Reply:
    """A success in FCData's older dialect: ``dataList`` and ``status: "SUCCESS"``."""
    body = {"message": SUCCESS, "status": "SUCCESS", "dataList": rows, "totalRecord": total}
    return Reply(200, {**body, "sandbox": NOTICE})


def error(
    status: int,
    message: str,
    data: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    """A refusal or failure; the HTTP status is ``status``."""
    body = {"message": message, "status": status, "data": data, "sandbox": NOTICE}
    return Reply(status, body, dict(headers or {}))


class Refusal(Exception):
    """A request the sandbox refuses: HTTP and body ``status``, the message, and for order
    refusals SSI's ``code`` (``ORD…``) and the ``request_id`` it concerns."""

    def __init__(
        self,
        message: str,
        status: int = 400,
        *,
        code: str | None = None,
        request_id: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.request_id = request_id
        self.headers = headers

    def reply(self) -> Reply:
        data = None
        if self.code is not None:
            data = {"errorCode": self.code, "requestID": self.request_id}
        return error(self.status, self.message, data, self.headers)
