"""Routes each request to the dialect that owns its path, on the broker's real paths.

Each dialect app declares the path prefixes it owns (Finhay: ``/market``, ``/trading``,
``/fund-trading``, ``/users``, ``/auth/v1/openapi``; SSI ``/api/v2``; DNSE will own its
``/dnse-*`` services). A dialect whose ``case_insensitive_paths`` is true owns its prefixes in
any case (SSI's servers match ``/API/V2/...`` like ``/api/v2/...``). A path no dialect owns
gets a 404 in the neutral JSON body (:func:`.replies.neutral`). A dialect that crashes answers
500 in its own envelope, naming the exception, so a sandbox bug surfaces as an answer instead
of a dropped connection.

Limits, checked before any dialect sees a request: a request target over :data:`MAX_TARGET`
characters is refused with 414, headers over :data:`MAX_HEADERS` with 431, a body over
:data:`MAX_BODY` bytes with 413 (the loopback server refuses that one earlier still, from
``Content-Length`` or while reading: :mod:`.asgi`). Every refusal goes through
:meth:`Router.refuse`, in the envelope of the dialect that owns the path.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Protocol

from .replies import Reply, neutral

MAX_BODY = 1024 * 1024  # bytes; no broker request comes near it
MAX_TARGET = 8 * 1024  # characters of path and query
MAX_HEADERS = 8 * 1024  # characters of header names and values, all together


class Dialect(Protocol):
    """A broker's server over the simulated world."""

    prefixes: tuple[str, ...]  # the path prefixes it owns, e.g. "/market"

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Reply:
        """Answer one request: raw request target (path and query), lower-case header
        names, body bytes exactly as received."""
        ...

    def error(self, status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
        """A refusal (4xx) or failure (5xx) in the dialect's own envelope."""
        ...


def _owns(prefix: str, path: str, fold: bool = False) -> bool:
    if fold:
        prefix, path = prefix.lower(), path.lower()
    return path == prefix or path.startswith(prefix + "/")


class Router:
    """Dispatches to the dialects by path prefix; counts every request it answers."""

    def __init__(self, dialects: Iterable[Dialect]) -> None:
        self._table: list[tuple[str, Dialect, bool]] = []
        for dialect in dialects:
            fold = bool(getattr(dialect, "case_insensitive_paths", False))
            for prefix in dialect.prefixes:
                clash = [
                    p
                    for p, _, other in self._table
                    if _owns(p, prefix, fold or other) or _owns(prefix, p, fold or other)
                ]
                if clash:
                    raise ValueError(f"path prefix {prefix} overlaps {clash}")
                self._table.append((prefix, dialect, fold))
        self.requests_seen = 0
        self._lock = threading.Lock()

    def owner(self, path: str) -> Dialect | None:
        """The dialect that owns ``path``, or None."""
        return next((d for prefix, d, fold in self._table if _owns(prefix, path, fold)), None)

    def respond(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[Reply, bytes]:
        """The reply to one request and its encoded body."""
        path = target.partition("?")[0]
        if len(target) > MAX_TARGET:
            return self.refuse(path, 414, f"Request target over {MAX_TARGET} characters")
        if sum(len(k) + len(v) for k, v in headers.items()) > MAX_HEADERS:
            return self.refuse(path, 431, f"Request headers over {MAX_HEADERS} characters")
        if len(body) > MAX_BODY:
            return self.refuse(path, 413, f"Request body over {MAX_BODY} bytes")
        self._count()
        dialect = self.owner(path)
        if dialect is None:
            reply = neutral(404, f"No route {path}")
            return reply, reply.encode()
        try:
            reply = dialect.handle(method, target, headers, body)
        except Exception as exc:  # a sandbox bug must surface as an answer, not a dropped socket
            reply = dialect.error(500, f"sandbox failure: {type(exc).__name__}: {exc}")
        return reply, reply.encode()

    def refuse(
        self, path: str, status: int, message: str, headers: dict[str, str] | None = None
    ) -> tuple[Reply, bytes]:
        """A refusal of a request for ``path`` that no dialect gets to handle (too large,
        badly framed), in the envelope of the dialect that owns the path; counted."""
        self._count()
        dialect = self.owner(path)
        reply = (
            neutral(status, message, headers)
            if dialect is None
            else dialect.error(status, message, headers)
        )
        return reply, reply.encode()

    def _count(self) -> None:
        with self._lock:
            self.requests_seen += 1
