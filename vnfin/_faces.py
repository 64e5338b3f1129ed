"""Sync faces over async endpoint groups, without copying endpoint bodies.

An endpoint is written once, as a coroutine method of an ``Async…`` group. The sync group
declares ``name = blocking(AsyncGroup.name)``: a descriptor that keeps the signature, the
docstring and the static types, and runs the coroutine through :func:`vnfin._loop.run_sync`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from ._loop import run_sync

P = ParamSpec("P")
R = TypeVar("R")


class SyncGroup:
    """Base of a sync endpoint group: holds the async group it delegates to."""

    def __init__(self, group: Any) -> None:
        self._async = group

    def __repr__(self) -> str:
        return f"<{type(self).__name__} (sync) of {self._async!r}>"


class blocking(Generic[P, R]):
    """Descriptor turning ``async def f(self, …)`` of the async group into a blocking method."""

    def __init__(self, fn: Callable[Concatenate[Any, P], Coroutine[Any, Any, R]]) -> None:
        self.fn = fn
        functools.update_wrapper(self, fn)  # type: ignore[arg-type]

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> blocking[P, R]: ...
    @overload
    def __get__(self, obj: SyncGroup, owner: type[Any]) -> Callable[P, R]: ...

    def __get__(self, obj: SyncGroup | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        fn = self.fn
        target = obj._async

        @functools.wraps(fn)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            return run_sync(fn(target, *args, **kwargs))

        return call
