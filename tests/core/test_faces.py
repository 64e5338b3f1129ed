"""The two face primitives: ``blocking`` for coroutines and ``streaming`` for async iterators,
on a stand-in group (no broker needed)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator

import pytest

from vnfin._faces import SyncGroup, blocking, streaming
from vnfin._loop import runner


class AsyncTicks:
    """A stand-in async group: a coroutine endpoint and a stream endpoint."""

    def __init__(self) -> None:
        self.closed = 0
        self.produced = 0

    async def double(self, x: int, *, plus: int = 0) -> int:
        """Twice ``x`` plus ``plus``; columns: none (a stand-in)."""
        await asyncio.sleep(0)
        return 2 * x + plus

    async def ticks(self, count: int | None, delay: float = 0.0) -> AsyncIterator[int]:
        """``count`` ticks (forever when None)."""
        i = 0
        try:
            while count is None or i < count:
                await asyncio.sleep(delay)
                self.produced += 1
                yield i
                i += 1
        finally:
            self.closed += 1


class Ticks(SyncGroup[AsyncTicks]):
    double = blocking(AsyncTicks.double)
    ticks = streaming(AsyncTicks.ticks)


def test_blocking_keeps_name_doc_and_runs() -> None:
    group = Ticks(AsyncTicks())
    assert group.double(4, plus=1) == 9
    assert Ticks.double.__doc__ == AsyncTicks.double.__doc__
    assert Ticks.double.__name__ == "double"


def test_blocking_call_from_inside_a_running_loop() -> None:
    group = Ticks(AsyncTicks())

    async def cell() -> int:
        return group.double(5)  # what a notebook cell does while the kernel's loop runs

    assert asyncio.run(cell()) == 10


def test_stream_as_a_blocking_iterator() -> None:
    source = AsyncTicks()
    with Ticks(source).ticks(3) as sub:
        assert list(sub) == [0, 1, 2]
    assert source.closed == 1


def test_stream_closed_early_closes_the_async_generator() -> None:
    source = AsyncTicks()
    sub = Ticks(source).ticks(None)
    assert [next(sub) for _ in range(4)] == [0, 1, 2, 3]
    sub.close()
    assert source.closed == 1


def test_run_hands_every_item_to_the_callback_until_it_says_stop() -> None:
    source = AsyncTicks()
    seen: list[int] = []
    Ticks(source).ticks(None).run(lambda i: seen.append(i) or (i < 5))
    assert seen == [0, 1, 2, 3, 4, 5]
    assert source.closed == 1


def test_start_runs_in_the_background_and_callbacks_may_block() -> None:
    source = AsyncTicks()
    group = Ticks(source)
    seen: list[tuple[int, int, str]] = []
    caller = threading.current_thread().name

    def callback(i: int) -> None:
        # A callback may call blocking endpoints: it runs off vnfin's loop thread.
        seen.append((i, group.double(i), threading.current_thread().name))

    sub = group.ticks(20, 0.001).start(callback)
    assert sub.wait(10)
    assert [s[:2] for s in seen] == [(i, 2 * i) for i in range(20)]
    assert all(name != caller and "vnfin-callback" in name for _, _, name in seen)
    assert sub.error is None and not sub.running and source.closed == 1


def test_stop_ends_an_endless_background_stream() -> None:
    source = AsyncTicks()
    got = threading.Event()
    sub = Ticks(source).ticks(None, 0.001).start(lambda i: got.set())
    assert got.wait(5) and sub.running
    sub.stop()
    assert not sub.running and source.closed == 1
    produced = source.produced
    threading.Event().wait(0.05)
    assert source.produced == produced  # nothing runs after stop


def test_a_failing_callback_stops_the_stream_and_is_kept() -> None:
    source = AsyncTicks()

    def callback(i: int) -> None:
        if i == 2:
            raise ValueError("bad tick")

    sub = Ticks(source).ticks(None).start(callback)
    assert sub.wait(5)
    assert isinstance(sub.error, ValueError) and source.closed == 1


def test_blocking_call_on_vnfins_own_loop_thread_is_refused() -> None:
    group = Ticks(AsyncTicks())

    async def inside() -> None:
        group.double(1)  # would wait for itself forever

    with pytest.raises(RuntimeError, match="own event loop"):
        runner().run(inside())  # vnfin's loop thread, where worker threads' calls run
