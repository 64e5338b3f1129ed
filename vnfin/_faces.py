"""Blocking faces over async endpoint groups, without copying endpoint bodies.

An endpoint is written once, as a coroutine (or an async generator, for streams) of an
``Async…`` group. The blocking group declares, for each endpoint,

* ``name = blocking(AsyncGroup.name)`` for a coroutine: a descriptor that keeps the signature,
  the docstring and the static types, and runs the coroutine with :func:`vnfin._loop.run_sync`;
* ``name = streaming(AsyncGroup.name)`` for an async generator: calling it returns a
  :class:`Subscription`, which is a blocking iterator, can hand every item to a callback
  (:meth:`Subscription.run` blocks, :meth:`Subscription.start` runs in the background).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import functools
import logging
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import Any, Concatenate, Generic, ParamSpec, Self, TypeVar, overload

from ._loop import run_sync, runner

P = ParamSpec("P")
R = TypeVar("R")
Y = TypeVar("Y")
G = TypeVar("G")

log = logging.getLogger("vnfin.stream")


class SyncGroup(Generic[G]):
    """Base of a blocking endpoint group: holds the async group it delegates to."""

    def __init__(self, group: G) -> None:
        self._async = group

    def __repr__(self) -> str:
        return f"<{type(self).__name__} (blocking) of {self._async!r}>"


class blocking(Generic[P, R]):
    """Descriptor turning ``async def f(self, …)`` of the async group into a blocking method."""

    def __init__(self, fn: Callable[Concatenate[Any, P], Coroutine[Any, Any, R]]) -> None:
        self.fn = fn
        functools.update_wrapper(self, fn)  # type: ignore[arg-type]

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> blocking[P, R]: ...
    @overload
    def __get__(self, obj: object, owner: type[Any]) -> Callable[P, R]: ...

    def __get__(self, obj: object | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        fn = self.fn
        target = obj._async  # type: ignore[attr-defined]

        @functools.wraps(fn)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            return run_sync(fn(target, *args, **kwargs))

        return call


class streaming(Generic[P, Y]):
    """Descriptor turning an async generator method of the async group into a method that
    returns a blocking :class:`Subscription`."""

    def __init__(self, fn: Callable[Concatenate[Any, P], AsyncIterator[Y]]) -> None:
        self.fn = fn
        functools.update_wrapper(self, fn)  # type: ignore[arg-type]

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> streaming[P, Y]: ...
    @overload
    def __get__(self, obj: object, owner: type[Any]) -> Callable[P, Subscription[Y]]: ...

    def __get__(self, obj: object | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        fn = self.fn
        target = obj._async  # type: ignore[attr-defined]

        @functools.wraps(fn)
        def call(*args: P.args, **kwargs: P.kwargs) -> Subscription[Y]:
            return Subscription(lambda: fn(target, *args, **kwargs))

        return call


async def _anext(iterator: AsyncIterator[Y]) -> Y:
    return await iterator.__anext__()


class Subscription(Generic[Y]):
    """A stream seen from blocking code.

    * ``for item in sub: ...`` waits for each item (Ctrl-C stops the wait cleanly);
    * ``sub.run(callback)`` calls ``callback(item)`` for every item until the stream ends or
      the callback returns ``False``, then closes the stream;
    * ``sub.start(callback)`` does the same in the background and returns at once; callbacks
      run one at a time, in order, in a worker thread (so they may call blocking vnfin
      methods); ``sub.stop()`` ends it, and ``sub.error`` holds what stopped it, if anything.

    The stream opens on first use and is closed by :meth:`close` (or ``with sub: ...``).
    """

    def __init__(self, open: Callable[[], AsyncIterator[Y]]) -> None:
        self._open = open
        self._iterator: AsyncIterator[Y] | None = None
        self._task: concurrent.futures.Future[None] | None = None
        self.error: BaseException | None = None

    def _stream(self) -> AsyncIterator[Y]:
        if self._iterator is None:
            self._iterator = self._open()
        return self._iterator

    def __iter__(self) -> Iterator[Y]:
        return self

    def __next__(self) -> Y:
        if self.running:
            raise RuntimeError("this subscription is running in the background (start)")
        try:
            return run_sync(_anext(self._stream()))
        except StopAsyncIteration:
            raise StopIteration from None

    def run(self, callback: Callable[[Y], object]) -> None:
        """Call ``callback`` for every item, blocking, until the stream ends or it returns False."""
        try:
            for item in self:
                if callback(item) is False:
                    break
        finally:
            self.close()

    def start(self, callback: Callable[[Y], object]) -> Self:
        """Call ``callback`` for every item in the background; returns at once."""
        if self.running:
            raise RuntimeError("this subscription is already running")
        context = contextvars.copy_context()
        stream = self._stream()
        loop = runner().loop
        worker = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="vnfin-callback")

        async def pump() -> None:
            try:
                async for item in stream:
                    call = functools.partial(context.run, callback, item)
                    if await loop.run_in_executor(worker, call) is False:
                        break
            except Exception as exc:
                self.error = exc
                log.warning("stream stopped: %s: %s", type(exc).__name__, exc)
            finally:
                worker.shutdown(wait=False)
                self._iterator = None
                close = getattr(stream, "aclose", None)
                if close is not None:
                    await close()

        self.error = None
        self._task = asyncio.run_coroutine_threadsafe(pump(), loop)
        return self

    @property
    def running(self) -> bool:
        """True while :meth:`start` is delivering items in the background."""
        return self._task is not None and not self._task.done()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until a background stream ends; False if ``timeout`` passed first."""
        if self._task is not None:
            concurrent.futures.wait([self._task], timeout)
        return not self.running

    def stop(self) -> None:
        """End a background stream and wait for it to close."""
        if self._task is not None:
            self._task.cancel()
        self.wait(10.0)

    def close(self) -> None:
        """Close the stream (and stop it if it runs in the background)."""
        if self._task is not None:
            self.stop()
            return
        iterator, self._iterator = self._iterator, None
        close = getattr(iterator, "aclose", None)
        if close is not None:
            run_sync(close())

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
