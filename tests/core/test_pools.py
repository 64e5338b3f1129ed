"""Connection pools: one per client for the blocking face whatever thread calls it, and
``close()``/``aclose()`` close every pool a client opened, on every loop and thread. Sockets
are counted from the process's real TCP connections to a loopback sandbox."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import psutil
import pytest

import vnfin
from vnfin.sandbox import Sandbox


@pytest.fixture
def served() -> Iterator[tuple[Sandbox, str, int]]:
    sb = Sandbox(now="2026-11-20 10:30")
    url = sb.serve()
    yield sb, url, int(url.rsplit(":", 1)[1])
    sb.close()


def client_sockets(port: int) -> int:
    """Open TCP connections from this process to ``port`` (the client ends only)."""
    return sum(
        1
        for c in psutil.Process().net_connections(kind="tcp")
        if c.raddr and c.raddr.port == port and c.status == psutil.CONN_ESTABLISHED
    )


def settle(port: int, expected: int) -> int:
    deadline = time.monotonic() + 3
    while client_sockets(port) != expected and time.monotonic() < deadline:
        time.sleep(0.02)
    return client_sockets(port)


def test_fifty_short_lived_threads_share_one_pool_and_close_releases_it(
    served: tuple[Sandbox, str, int],
) -> None:
    sb, url, port = served
    fh = vnfin.Finhay(sb.api_key, sb.api_secret, base_url=url, max_concurrency=4)
    loops_before = sum(t.name == "vnfin-event-loop" for t in threading.enumerate())
    errors: list[BaseException] = []

    def one() -> None:
        try:
            fh.market.quote("VNM")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert 1 <= client_sockets(port) <= 4  # one pool, bounded by max_concurrency
    assert sum(t.name == "vnfin-event-loop" for t in threading.enumerate()) == max(loops_before, 1)
    fh.close()
    assert settle(port, 0) == 0


def test_aclose_closes_pools_on_every_loop_and_thread(served: tuple[Sandbox, str, int]) -> None:
    sb, url, port = served
    afh = vnfin.AsyncFinhay(sb.api_key, sb.api_secret, base_url=url)

    # Loop A runs forever in its own thread.
    loop_a = asyncio.new_event_loop()
    runner = threading.Thread(target=loop_a.run_forever, daemon=True)
    runner.start()
    asyncio.run_coroutine_threadsafe(afh.market.quote("VNM"), loop_a).result(10)

    # Loop B ran in a thread that has finished; the loop is idle, not closed.
    loop_b = asyncio.new_event_loop()
    worker = threading.Thread(target=lambda: loop_b.run_until_complete(afh.market.quote("FPT")))
    worker.start()
    worker.join()

    assert client_sockets(port) == 2
    asyncio.run(afh.aclose())  # from a third loop, in the main thread
    assert settle(port, 0) == 0
    assert not loop_b.is_closed() and loop_a.is_running()

    loop_a.call_soon_threadsafe(loop_a.stop)
    runner.join(5)
    loop_a.close()
    loop_b.close()
