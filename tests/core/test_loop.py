"""Blocking calls from every context a notebook user meets: plain code, inside a running event
loop (what a Jupyter kernel is), from worker threads, and interrupted by Ctrl-C."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

import vnfin
from vnfin import _loop

OK = {"error_code": "0", "message": "success", "data": {"user_id": 1}}


class Counting(httpx.AsyncBaseTransport):
    """Counts the requests that reach the transport, with the time each arrived."""

    def __init__(self) -> None:
        self.arrived: list[float] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.arrived.append(time.monotonic())
        return httpx.Response(200, json=OK)


def test_blocking_call_inside_a_running_loop(sandbox) -> None:  # type: ignore[no-untyped-def]
    fh = sandbox.finhay()

    async def cell() -> float:
        # A notebook cell calling the blocking API while the kernel's loop runs.
        q = fh.market.quote("VNM")
        afh = sandbox.async_finhay()
        q2 = await afh.market.quote("VNM")
        await afh.aclose()
        return float(q.price.iloc[0] - q2.price.iloc[0])

    assert asyncio.run(cell()) == 0.0
    assert "nest_asyncio" not in sys.modules or _loop.nest_asyncio_enabled()


def test_blocking_calls_from_threads_share_one_loop(sandbox) -> None:  # type: ignore[no-untyped-def]
    fh = sandbox.finhay()
    with ThreadPoolExecutor(4) as pool:
        frames = list(
            pool.map(
                lambda s: fh.market.history(s, "2024-01-01", "2024-03-31"),
                ["VNM", "FPT", "HPG", "VCB", "VNM"],
            )
        )
    assert all(len(f) > 50 for f in frames)
    assert frames[0].equals(frames[4])
    assert len(fh._core.sessions["api"]._states) == 1  # one pool, whichever thread called
    fh.close()


def test_an_interrupted_call_is_cancelled_and_never_sent_later(alarm: None) -> None:
    transport = Counting()
    fh = vnfin.Finhay(
        "ak_test_k", "s", base_url="https://api.test", transport=transport, rate_limit=(1, 1.5)
    )
    fh.request("GET", "/users/v1/users/me")  # uses the only slot of the window
    signal.setitimer(signal.ITIMER_REAL, 0.2)  # Ctrl-C while the next call waits for a slot
    with pytest.raises(KeyboardInterrupt):
        fh.request("POST", "/users/v1/users/me/x", json={"order": 1})
    time.sleep(2.0)  # long after the slot it was waiting for
    assert len(transport.arrived) == 1  # the interrupted write never went out
    fh.request("GET", "/users/v1/users/me")  # the client still works
    assert len(transport.arrived) == 2
    fh.close()


def test_nest_asyncio_opt_in_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_loop, "_nest", False)
    monkeypatch.delenv(_loop.ENV_NEST, raising=False)
    assert not _loop.nest_asyncio_enabled()
    monkeypatch.setenv(_loop.ENV_NEST, "1")
    assert _loop.nest_asyncio_enabled()
    monkeypatch.delenv(_loop.ENV_NEST)
    vnfin.use_nest_asyncio()
    assert _loop.nest_asyncio_enabled()
    vnfin.use_nest_asyncio(False)
    assert not _loop.nest_asyncio_enabled()


def test_the_loop_thread_is_one_daemon_thread() -> None:
    _loop.run_sync(asyncio.sleep(0))
    threads = [t for t in threading.enumerate() if t.name == "vnfin-event-loop"]
    assert len(threads) == 1 and threads[0].daemon


def test_import_is_light() -> None:
    code = (
        "import sys, vnfin; heavy = [m for m in ('plotly', 'ipywidgets', 'nest_asyncio', "
        "'IPython', 'vnfin.sandbox', 'vnfin.charts', 'vnfin.widgets', 'tqdm') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_scripts_main_thread_runs_its_calls_itself_and_workers_share_vnfins_loop() -> None:
    async def where() -> threading.Thread:
        return threading.current_thread()

    assert _loop.run_sync(where()) is threading.main_thread()
    with ThreadPoolExecutor(2) as pool:
        workers = list(pool.map(lambda _: _loop.run_sync(where()), range(4)))
    assert {t.name for t in workers} == {"vnfin-event-loop"}


@pytest.mark.parametrize("inside", [False, True], ids=["loop-waits", "inside-the-coroutine"])
def test_an_interrupted_write_on_the_main_threads_loop_is_known_to_be_unknown(
    alarm: None, inside: bool
) -> None:
    """Ctrl-C landing while a write's request is on the wire (while the loop waits, or in
    the middle of the coroutine's own code): the write may have reached the broker, so the
    next call says so (OrderStateUnknown) instead of pretending nothing happened, and the
    write is never sent again."""
    arrived: list[bytes] = []

    class Slow(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            arrived.append(await request.aread())
            if inside:
                time.sleep(1.0)  # busy in the coroutine: Ctrl-C lands in its frame
            else:
                await asyncio.sleep(1.0)  # the answer is slow to come back
            return httpx.Response(200, json=OK)

    fh = vnfin.Finhay("ak_test_k", "s", base_url="https://api.test", transport=Slow())
    signal.setitimer(signal.ITIMER_REAL, 0.2)  # Ctrl-C while the write waits for its answer
    with pytest.raises(KeyboardInterrupt) as caught:
        fh.request("POST", "/users/v1/users/me/x", json={"order": 1})
    assert any("may or may not have taken effect" in n for n in caught.value.__notes__)
    with pytest.raises(vnfin.errors.OrderStateUnknown):
        fh.request("GET", "/users/v1/users/me")
    time.sleep(1.2)
    assert len(arrived) == 1
    fh.close()
