"""Run vnfin's coroutines from synchronous code, in a script or inside a running Jupyter kernel.

Every endpoint is written once, as a coroutine. The blocking faces call :func:`run_sync`, which
runs the coroutine on one of two event loops and waits for the result:

* **A script's main thread** (no event loop running in it) runs the coroutine itself, on an
  event loop of its own kept for the life of the process: no other thread is involved, so a
  short call pays no hand-over. (Handing a call to another thread costs two thread wake-ups;
  on a virtual machine whose idle CPUs sleep, that measured 0.4–0.9 ms a call, a third of a
  three-month ``history()``.)
* **Everywhere else** — inside a running loop (a Jupyter kernel, a widget's callback) and in
  worker threads — the coroutine runs on **vnfin's own event loop**, in a daemon thread
  started on first use, the way ``jupyter_core.utils.run_sync`` does it: inside a running
  loop the caller cannot wait on its own loop without making it re-entrant, which means
  patching asyncio for the whole process (nest_asyncio changes ``asyncio.run``,
  ``asyncio.Task`` and the loop for every library in the kernel). vnfin never does that by
  default. One loop serves every worker thread, so short-lived threads share one connection
  pool; streams always run there.

Either way a client's pools are per event loop and ``close()`` closes them all, and:

* The caller's ``contextvars`` go with the coroutine, so output and widgets it displays land in
  the notebook cell that made the call.
* Interrupted calls (Ctrl-C, a kernel interrupt) cancel the coroutine and wait for the
  cancellation to finish before the exception propagates: nothing the call started runs
  later, behind the user's back. (On the main thread's own loop Ctrl-C may land inside the
  coroutine itself; the order-write path treats that as it treats a cancellation.)
* A blocking call made on vnfin's loop thread itself (from inside one of its coroutines) would
  wait for itself forever, so it raises ``RuntimeError`` instead.

**Opt-in re-entrancy.** ``vnfin.use_nest_asyncio()`` (or ``VNFIN_NEST_ASYNCIO=1`` in the
environment) runs blocking calls made inside a running loop on that loop instead, made
re-entrant by nest_asyncio, so the kernel's own tasks keep advancing while a blocking call
waits. The cost: nest_asyncio patches asyncio for the whole process, once and for good. This
module is the only one that imports it, and only when the opt-in is on.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import contextvars
import os
import sys
import threading
import warnings
from collections.abc import Coroutine
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")

ENV_NEST = "VNFIN_NEST_ASYNCIO"
CANCEL_GRACE = 10.0  # seconds an interrupted call may take to unwind its cancellation

_nest = False
_patched: set[int] = set()
_lock = threading.Lock()

#: Notes for an interrupted blocking call's exception (see :func:`note`).
_notes: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "vnfin_interrupt_notes", default=None
)


class _Caller:
    """Where the user called a blocking method from. Its repr is short on purpose: a verbose
    traceback shows it, and the module's globals may hold anything."""

    __slots__ = ("filename", "globals", "lineno")

    def __init__(self, frame: FrameType) -> None:
        self.filename = frame.f_code.co_filename
        self.lineno = frame.f_lineno
        self.globals = frame.f_globals

    def __repr__(self) -> str:
        return f"<caller {self.filename}:{self.lineno}>"


_caller: contextvars.ContextVar[_Caller | None] = contextvars.ContextVar(
    "vnfin_caller", default=None
)
_OURS = ("vnfin.", "asyncio.", "concurrent.", "contextvars", "threading", "nest_asyncio")


def _user_frame(frame: FrameType | None) -> FrameType | None:
    """The innermost frame on this stack that is not vnfin's, asyncio's or the threads'."""
    while frame is not None:
        name = str(frame.f_globals.get("__name__", ""))
        if name != "vnfin" and not name.startswith(_OURS):
            return frame
        frame = frame.f_back
    return None


def warn(message: str, category: type[Warning] = UserWarning) -> None:
    """Warn as if from the user's own line (the notebook cell, the script), even when the
    code warning runs on vnfin's loop thread, where the user's frame is not on the stack."""
    where = _caller.get()
    if where is None:
        frame = _user_frame(sys._getframe(1))
        where = None if frame is None else _Caller(frame)
    if where is None:
        warnings.warn(message, category, stacklevel=2)
        return
    warnings.warn_explicit(
        message,
        category,
        where.filename,
        where.lineno,
        module=str(where.globals.get("__name__", "")),
        registry=where.globals.setdefault("__warningregistry__", {}),
        module_globals=where.globals,
    )


def note(text: str) -> None:
    """Attach ``text`` to the exception that interrupts the blocking call running this code
    (Ctrl-C), so the user reads it at once, where it happened. Nothing if there is none."""
    notes = _notes.get()
    if notes is not None:
        notes.append(text)


def use_nest_asyncio(enabled: bool = True) -> None:
    """Run blocking calls made inside a running event loop on that loop (see module docs).

    Applies nest_asyncio to the running loop at the first such call, for the rest of the
    process. ``use_nest_asyncio(False)`` goes back to vnfin's own loop for later calls; it
    cannot undo the patch.
    """
    global _nest
    _nest = bool(enabled)


def nest_asyncio_enabled() -> bool:
    """True when blocking calls inside a running loop run on that loop (the opt-in)."""
    return _nest or os.environ.get(ENV_NEST, "").strip().lower() in {"1", "true", "yes", "on"}


def _call_context() -> tuple[contextvars.Context, list[str]]:
    """A copy of the caller's context for a blocking call's coroutine, and the list that
    collects the notes for the exception that may interrupt it (see :func:`note`)."""
    context = contextvars.copy_context()
    notes: list[str] = []
    context.run(_notes.set, notes)
    return context, notes


class _Runner:
    """vnfin's event loop, running forever in a daemon thread."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, name="vnfin-event-loop", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the loop in the caller's context and wait for its result."""
        context, notes = _call_context()
        frame = _user_frame(sys._getframe(1))
        if frame is not None:
            context.run(_caller.set, _Caller(frame))
        del frame
        done: concurrent.futures.Future[T] = concurrent.futures.Future()
        task: asyncio.Task[T] | None = None
        abandoned = False

        def start() -> None:
            nonlocal task
            if abandoned:
                coro.close()
                done.set_exception(concurrent.futures.CancelledError())
                return
            task = self.loop.create_task(coro)
            task.add_done_callback(finish)

        def finish(t: asyncio.Task[T]) -> None:
            if t.cancelled():
                # set_exception, not cancel(): cancel() does not wake futures.wait()
                done.set_exception(concurrent.futures.CancelledError())
            elif t.exception() is not None:
                done.set_exception(t.exception())
            else:
                done.set_result(t.result())

        def cancel() -> None:
            nonlocal abandoned
            abandoned = True
            if task is not None:
                task.cancel()

        self.loop.call_soon_threadsafe(start, context=context)
        try:
            return done.result()
        except BaseException as exc:
            if not done.done():
                self.loop.call_soon_threadsafe(cancel)
                concurrent.futures.wait([done], timeout=CANCEL_GRACE)
                for text in notes:
                    exc.add_note(text)
            raise


_runner: _Runner | None = None


def runner() -> _Runner:
    """vnfin's loop thread, started on first use (and again in a forked child)."""
    global _runner
    with _lock:
        if _runner is None or _runner.pid != os.getpid() or not _runner.thread.is_alive():
            _runner = _Runner()
        return _runner


class _Here:
    """The main thread's own event loop, run by the main thread during its blocking calls."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.loop = asyncio.new_event_loop()
        atexit.register(self.close)

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` to completion on this loop, in the caller's context."""
        context, notes = _call_context()
        task = self.loop.create_task(coro, context=context)
        try:
            return self.loop.run_until_complete(task)
        except BaseException as exc:
            if not task.done():  # interrupted while the loop waited: cancel, and wait for it
                task.cancel()
                with contextlib.suppress(BaseException):
                    self.loop.run_until_complete(asyncio.wait([task], timeout=CANCEL_GRACE))
            for text in notes:
                exc.add_note(text)
            raise

    def close(self) -> None:
        if self.loop.is_closed() or self.loop.is_running() or self.pid != os.getpid():
            return
        with contextlib.suppress(BaseException):
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.run_until_complete(self.loop.shutdown_default_executor())
        self.loop.close()


_here: _Here | None = None


def _main_thread_loop() -> _Here:
    """The main thread's own loop (made on first use, and again in a forked child)."""
    global _here
    if _here is None or _here.pid != os.getpid() or _here.loop.is_closed():
        _here = _Here()
    return _here


def in_vnfin_loop() -> bool:
    """True when called from vnfin's own loop thread."""
    current = _runner
    return current is not None and threading.current_thread() is current.thread


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion from synchronous code and return its result."""
    try:
        running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if in_vnfin_loop():
        coro.close()
        raise RuntimeError(
            "a blocking vnfin call was made on vnfin's own event loop thread; "
            "use the async client (await ...) inside coroutines"
        )
    if running is None and threading.current_thread() is threading.main_thread():
        return _main_thread_loop().run(coro)
    if running is not None and nest_asyncio_enabled():
        _make_reentrant(running)
        return running.run_until_complete(coro)
    return runner().run(coro)


def _make_reentrant(loop: asyncio.AbstractEventLoop) -> None:
    with _lock:
        if id(loop) in _patched:
            return
        import nest_asyncio

        nest_asyncio.apply(loop)
        _patched.add(id(loop))
