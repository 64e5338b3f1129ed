"""What every broker client shares: its sessions, its groups, both faces, closing.

A broker writes its constructor once, in a class that both faces inherit (e.g.
``_FinhayClient``): it builds a :class:`Core` (the source name and one
:class:`~vnfin._http.Session` per host) and hands it to ``self._attach``. The face decides the
rest from the class annotations:

* :class:`AsyncClient` creates every annotated :class:`~vnfin._group.Group`, giving each the
  session its ``host`` names;
* :class:`SyncClient` creates its async ``twin`` over the same core and wraps each of the twin's
  groups in the annotated :class:`~vnfin._faces.SyncGroup`.

So a broker declares each group once per face, as the typed attribute a user sees, and never
writes a constructor or the wiring twice.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Self, TypeVar

from ._faces import SyncGroup
from ._group import Group
from ._http import Session
from ._loop import run_sync


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
            group = typing.cast(type[Group], cls)
            setattr(self, name, group(core.sessions[group.host], core.source))

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
