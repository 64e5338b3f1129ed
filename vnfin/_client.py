"""What every broker client shares: its sessions, its groups, both faces, closing.

A broker writes its constructor once, in a class that both faces inherit (e.g.
``_FinhayClient``): it builds a :class:`Core` (the source name and one
:class:`~vnfin._http.Session` per host) and hands it to ``self._attach``. The face decides the
rest from the class annotations:

* :class:`AsyncClient` creates every annotated :class:`~vnfin._group.Group` with
  :meth:`~vnfin._group.Group.build`, which gives each the session its ``host`` names;
* :class:`SyncClient` creates its async ``twin`` over the same core and wraps each of the twin's
  groups in the annotated :class:`~vnfin._faces.SyncGroup`.

So a broker declares each group once per face, as the typed attribute a user sees, and never
writes a constructor or the wiring twice.
"""

from __future__ import annotations

import os
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Self, TypeVar

import httpx

from . import _inputs
from ._call import Decoder
from ._faces import SyncGroup
from ._group import Group
from ._http import RetryPolicy, Session, TokenSource
from ._limiter import RateLimiter
from ._loop import run_sync
from .errors import ValidationError


def from_env(value: Any, name: str) -> Any:
    """``value``, or the environment variable ``name`` when ``value`` is None (an empty
    variable counts as unset)."""
    return os.environ.get(name) or None if value is None else value


def required(pairs: Mapping[str, Any], *, sandbox: str) -> None:
    """Refuse the first of ``pairs`` (argument name → value after :func:`from_env`) that is
    missing, saying how to give it, and ``Sandbox().<sandbox>()`` to try without an account."""
    for argument, value in pairs.items():
        if not value:
            env = f"{sandbox.upper()}_{argument.upper()}"
            raise ValidationError(
                f"{argument} is required: pass {argument}= or set {env} (or use "
                f"vnfin.sandbox.Sandbox().{sandbox}() to try vnfin without an account)",
                argument=argument,
            )


@dataclass(frozen=True)
class Settings:
    """A client's network settings, checked once, shared by all its sessions' makers.

    ``timeout``: seconds for each attempt as a whole (connect, send, every read);
    ``deadline``: seconds for a whole call, retries and waits included; ``rate_limit``:
    ``(requests, seconds)`` per session; ``max_retries`` for reads; ``max_concurrency``:
    requests in flight per session.
    """

    timeout: float
    deadline: float
    rate_limit: tuple[int, float]
    max_retries: int
    max_concurrency: int

    @classmethod
    def checked(
        cls,
        *,
        timeout: Any,
        deadline: Any,
        rate_limit: Any,
        max_retries: Any,
        max_concurrency: Any,
    ) -> Settings:
        return cls(
            timeout=_inputs.number(timeout, "timeout"),
            deadline=_inputs.number(deadline, "deadline"),
            rate_limit=_inputs.rate_limit(rate_limit),
            max_retries=_inputs.integer(max_retries, "max_retries", 0, 10),
            max_concurrency=_inputs.integer(max_concurrency, "max_concurrency", 1, 256),
        )

    def session(
        self,
        base_url: str,
        decode: Decoder,
        *,
        auth: httpx.Auth | None = None,
        token: TokenSource | None = None,
        transport: Any = None,
    ) -> Session:
        """A session to ``base_url`` with these settings."""
        if transport is not None and not isinstance(
            transport, httpx.AsyncBaseTransport | httpx.BaseTransport
        ):
            raise ValidationError(
                f"transport must be an httpx transport, got {type(transport).__name__}",
                argument="transport",
            )
        limit, window = self.rate_limit
        return Session(
            base_url=_inputs.url(base_url),
            decode=decode,
            auth=auth,
            token=token,
            transport=transport,
            timeout=self.timeout,
            deadline=self.deadline,
            limiter=RateLimiter(limit, window),
            retry=RetryPolicy(max_retries=self.max_retries),
            max_concurrency=self.max_concurrency,
        )


@dataclass
class Core:
    """What both faces of one client share: the source name and the sessions, by host."""

    source: str
    sessions: Mapping[str, Session]

    async def aclose(self) -> None:
        for session in self.sessions.values():
            await session.aclose()


class Client:
    """Base of both faces of every broker client."""

    _core: Core

    def _attach(self, core: Core) -> None:
        raise NotImplementedError

    def _describe(self) -> str:
        return f"source={self._core.source!r}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._describe()})"


_ANNOTATED: dict[tuple[type, type], tuple[tuple[str, type], ...]] = {}


def _annotated(cls: type, base: type) -> tuple[tuple[str, type], ...]:
    """The public attributes of ``cls`` annotated with a subclass of ``base`` (cached)."""
    key = (cls, base)
    if key not in _ANNOTATED:
        hints = typing.get_type_hints(cls)
        _ANNOTATED[key] = tuple(
            (name, hint)
            for name, hint in hints.items()
            if not name.startswith("_") and isinstance(hint, type) and issubclass(hint, base)
        )
    return _ANNOTATED[key]


def groups_of(cls: type) -> dict[str, type]:
    """The endpoint groups a client class declares, by attribute name (either face)."""
    return dict(_annotated(cls, Group) + _annotated(cls, SyncGroup))


class AsyncClient(Client):
    """The awaitable face: every endpoint is a coroutine."""

    def _attach(self, core: Core) -> None:
        self._core = core
        for name, cls in _annotated(type(self), Group):
            setattr(self, name, typing.cast(type[Group], cls).build(core))

    @classmethod
    def _from_core(cls, core: Core) -> Self:
        client = cls.__new__(cls)
        client._attach(core)
        return client

    async def aclose(self) -> None:
        """Close every connection pool the client opened, on every event loop and thread."""
        await self._core.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


A = TypeVar("A", bound=AsyncClient)


class SyncClient(Client, Generic[A]):
    """The blocking face: the same endpoints, run to completion (see :mod:`vnfin._loop`)."""

    twin: ClassVar[type[AsyncClient]]
    _async: A

    def _attach(self, core: Core) -> None:
        self._core = core
        self._async = typing.cast(A, self.twin._from_core(core))
        for name, cls in _annotated(type(self), SyncGroup):
            wrapper: Any = cls
            setattr(self, name, wrapper(getattr(self._async, name)))

    def close(self) -> None:
        """Close every connection pool the client opened, from whichever thread used it."""
        run_sync(self._core.aclose())

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
