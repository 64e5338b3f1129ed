"""Session tokens fetched on demand (SSI's AccessToken, DNSE's login JWT).

A :class:`CachedToken` is a :class:`~vnfin._http.TokenSource`: the session asks it for
headers before a request enters the concurrency gate. It fetches a token with the broker's
``fetch`` coroutine when it has none or the one it has expires within ``early`` seconds, one
fetch at a time per event loop, and reuses it otherwise. The token itself never appears in
``repr``. :func:`jwt_expiry` reads a JWT's ``exp`` claim, for the brokers' fetches.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import math
import time
import weakref
from collections.abc import Awaitable, Callable, Mapping

#: What a broker's fetch returns: the token and its expiry (epoch seconds; None: unknown).
Fetched = tuple[str, float | None]


class CachedToken:
    """A bearer-style token, fetched when needed and reused until shortly before it expires."""

    def __init__(
        self,
        fetch: Callable[[], Awaitable[Fetched]],
        *,
        header: str = "Authorization",
        scheme: str | None = "Bearer",
        early: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._fetch = fetch
        self._header = header
        self._scheme = scheme
        self._early = early
        self._clock = clock
        self._token: str | None = None
        self._expires = math.inf
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self.fetches = 0

    def _valid(self) -> str | None:
        if self._token is not None and self._clock() < self._expires - self._early:
            return self._token
        return None

    async def token(self) -> str:
        """A token that is valid for at least ``early`` more seconds (fetching one if need be)."""
        token = self._valid()
        if token is not None:
            return token
        loop = asyncio.get_running_loop()
        lock = self._locks.setdefault(loop, asyncio.Lock())
        async with lock:
            token = self._valid()
            if token is None:
                value, expires = await self._fetch()
                self.fetches += 1
                self._token, self._expires = value, math.inf if expires is None else expires
                token = value
        return token

    async def headers(self) -> Mapping[str, str]:
        token = await self.token()
        return {self._header: f"{self._scheme} {token}" if self._scheme else token}

    def invalidate(self) -> None:
        """Forget the token; the next request fetches a new one."""
        self._token = None

    def __repr__(self) -> str:
        state = "none" if self._token is None else "held"
        return f"CachedToken(header={self._header!r}, token={state})"


def jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim of a JWT (epoch seconds), read without verifying (the broker
    verifies its own tokens; the client only needs to know when to renew); None when the
    token is not a JWT or has no numeric ``exp``."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    segment = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(segment.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeEncodeError):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    if isinstance(exp, bool) or not isinstance(exp, int | float) or not math.isfinite(exp):
        return None
    return float(exp)
