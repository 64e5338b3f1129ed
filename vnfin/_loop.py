"""Run vnfin's coroutines from synchronous code: the only module that touches nest_asyncio.

Every endpoint is written once, as a coroutine. The sync faces call :func:`run_sync`:

* in a plain script (no loop running in this thread) the coroutine runs on a private loop
  kept for this thread, so connection pools survive between calls;
* inside a running loop (a Jupyter kernel) the running loop is made re-entrant with
  nest_asyncio, once, and the coroutine runs on it. Nothing else in vnfin imports
  nest_asyncio, and it is applied only when a sync call is made from inside a loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

_local = threading.local()
_patched: set[int] = set()
_patch_lock = threading.Lock()


def _thread_loop() -> asyncio.AbstractEventLoop:
    loop: asyncio.AbstractEventLoop | None = getattr(_local, "loop", None)
    if loop is None or loop.is_closed():
        loop = asyncio.new_event_loop()
        _local.loop = loop
    return loop


def _make_reentrant(loop: asyncio.AbstractEventLoop) -> None:
    with _patch_lock:
        if id(loop) in _patched:
            return
        import nest_asyncio

        nest_asyncio.apply(loop)
        _patched.add(id(loop))


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion from synchronous code and return its result."""
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is None:
        return _thread_loop().run_until_complete(coro)
    _make_reentrant(running)
    return running.run_until_complete(coro)
