"""Routes each request to the dialect that owns its path, on the broker's real paths.

Each dialect app declares the path prefixes it owns (Finhay: ``/market``, ``/trading``,
``/fund-trading``, ``/users``, ``/auth/v1/openapi``; SSI will own ``/api/v2``, DNSE its
``/dnse-*`` services). A path no dialect owns gets a 404 JSON answer. A dialect that crashes
answers 500 in its own envelope, naming the exception, so a sandbox bug surfaces as an
answer instead of a dropped connection.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Protocol

from .replies import NOTICE, Reply


class Dialect(Protocol):
    """A broker's server over the simulated world."""

    prefixes: tuple[str, ...]  # the path prefixes it owns, e.g. "/market"

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Reply:
        """Answer one request: raw request target (path and query), lower-case header
        names, body bytes exactly as received."""
        ...

    def failure(self, message: str) -> Reply:
        """A 500 answer in the dialect's own envelope."""
        ...


def _owns(prefix: str, path: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


class Router:
    """Dispatches to the dialects by path prefix; counts every request it sees."""

    def __init__(self, dialects: Iterable[Dialect]) -> None:
        self._table: list[tuple[str, Dialect]] = []
        for dialect in dialects:
            for prefix in dialect.prefixes:
                clash = [p for p, _ in self._table if _owns(p, prefix) or _owns(prefix, p)]
                if clash:
                    raise ValueError(f"path prefix {prefix} overlaps {clash}")
                self._table.append((prefix, dialect))
        self.requests_seen = 0
        self._lock = threading.Lock()

    def owner(self, path: str) -> Dialect | None:
        """The dialect that owns ``path``, or None."""
        return next((d for prefix, d in self._table if _owns(prefix, path)), None)

    def respond(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[Reply, bytes]:
        """The reply to one request and its encoded body."""
        with self._lock:
            self.requests_seen += 1
        path = target.partition("?")[0]
        dialect = self.owner(path)
        if dialect is None:
            reply = Reply(404, {"status": 404, "message": f"No route {path}", "sandbox": NOTICE})
            return reply, reply.encode()
        try:
            reply = dialect.handle(method, target, headers, body)
            return reply, reply.encode()
        except Exception as exc:  # a sandbox bug must surface as an answer, not a dropped socket
            reply = dialect.failure(f"sandbox failure: {type(exc).__name__}: {exc}")
            return reply, reply.encode()
