"""The client-side sliding-window rate limiter, on a fake clock."""

from __future__ import annotations

import asyncio
import random
import time

import httpx
import pytest

import vnfin
from vnfin._limiter import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_burst_then_waits_for_the_window() -> None:
    clock = Clock()
    limiter = RateLimiter(5, 10.0, clock=clock)
    assert [limiter.reserve() for _ in range(5)] == [0.0] * 5
    assert limiter.reserve() == pytest.approx(10.0)
    clock.t += 4
    assert limiter.reserve() == pytest.approx(6.0)


def test_never_more_than_limit_in_any_window() -> None:
    clock = Clock()
    limiter = RateLimiter(10, 1.0, clock=clock)
    sends = []
    for i in range(95):
        clock.t = 1000.0 + i * 0.013  # requests arrive faster than the quota allows
        sends.append(clock.t + limiter.reserve())
    sends.sort()
    for i in range(len(sends) - 10):
        assert sends[i + 10] - sends[i] >= 1.0 - 1e-9


def test_window_frees_up() -> None:
    clock = Clock()
    limiter = RateLimiter(3, 5.0, clock=clock)
    for _ in range(3):
        limiter.reserve()
    clock.t += 5.0
    assert limiter.reserve() == 0.0


def test_pause_holds_everyone_back() -> None:
    clock = Clock()
    limiter = RateLimiter(100, 60.0, clock=clock)
    limiter.pause(3.0)
    assert limiter.reserve() == pytest.approx(3.0)
    clock.t += 3.0
    assert limiter.reserve() == 0.0


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="limit"):
        RateLimiter(0, 1.0)


def _requests(
    transport: httpx.AsyncBaseTransport,
    count: int,
    *,
    rate_limit: tuple[int, float],
    max_concurrency: int,
) -> None:
    """``count`` GETs at once through a client with that quota, over ``transport``."""

    async def main() -> None:
        async with vnfin.AsyncFinhay(
            "ak_test_k",
            "s",
            base_url="https://api.test",
            transport=transport,
            rate_limit=rate_limit,
            max_concurrency=max_concurrency,
        ) as afh:
            await asyncio.gather(*(afh.request("GET", f"/users/v1/x/{i}") for i in range(count)))

    asyncio.run(main())


def test_the_quota_holds_at_the_transport_under_concurrent_load() -> None:
    """Counted where the server counts: when requests reach the transport."""
    arrived: list[float] = []

    class Counting(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            arrived.append(time.monotonic())
            await asyncio.sleep(0.003)  # the server takes a moment: requests overlap
            return httpx.Response(200, json={"error_code": "0", "data": 1})

    _requests(Counting(), 45, rate_limit=(10, 0.5), max_concurrency=16)
    arrived.sort()
    assert len(arrived) == 45
    gaps = [arrived[i + 10] - arrived[i] for i in range(len(arrived) - 10)]
    assert min(gaps) >= 0.5
    assert arrived[-1] - arrived[0] < 0.5 * 4 + 0.5  # and it does not crawl


def test_a_request_counts_until_a_window_after_its_answer() -> None:
    clock = Clock()
    limiter = RateLimiter(2, 1.0, clock=clock)
    first = limiter.start_delay()[1]
    assert first is not None
    clock.t += 0.4
    second = limiter.start_delay()[1]
    assert second is not None
    clock.t += 0.7
    # both still in flight: nothing is known to have left the window, wait a whole one
    delay, third = limiter.start_delay()
    assert third is None
    assert delay == pytest.approx(1.0 + limiter.margin)
    limiter.landed(first)  # answered at 1001.1: the server counted it by then
    clock.t += 0.5
    delay, third = limiter.start_delay()
    assert third is None
    assert delay == pytest.approx(0.5 + limiter.margin)
    clock.t += 0.5 + limiter.margin
    assert limiter.start_delay()[1] is not None


def test_a_start_long_ago_does_not_free_a_place_an_answer_does() -> None:
    """Counting from starts let a slow request share a server window with the next burst."""
    clock = Clock()
    limiter = RateLimiter(1, 1.0, clock=clock)
    slow = limiter.start_delay()[1]
    assert slow is not None
    clock.t += 5.0  # started 5 s ago, still unanswered: it may arrive at any moment
    assert limiter.start_delay()[1] is None
    limiter.landed(slow)
    assert limiter.start_delay()[1] is None
    clock.t += 1.0 + limiter.margin
    assert limiter.start_delay()[1] is not None


def test_a_flight_dropped_without_landing_lands_when_collected() -> None:
    """Ctrl-C between admit() and the code that lands the flight must not hold a place in
    the quota forever."""
    clock = Clock()
    limiter = RateLimiter(1, 1.0, clock=clock)
    assert limiter.start_delay()[1] is not None  # the flight is dropped at once
    clock.t += 1.0 + limiter.margin
    assert limiter.start_delay()[1] is not None


def test_the_quota_holds_where_the_server_counts_when_requests_take_a_while_to_arrive() -> None:
    """A server that counts arrivals, behind a network and a queue of varying delay: no
    window of the server's ever holds more than the quota."""
    arrived: list[float] = []
    rng = random.Random(7)

    class SlowServer(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            await asyncio.sleep(rng.uniform(0.0, 0.08))  # on its way, and queued
            arrived.append(time.monotonic())
            await asyncio.sleep(rng.uniform(0.0, 0.02))  # the answer on its way back
            return httpx.Response(200, json={"error_code": "0", "data": 1})

    _requests(SlowServer(), 40, rate_limit=(10, 0.3), max_concurrency=32)
    arrived.sort()
    assert len(arrived) == 40
    assert min(arrived[i + 10] - arrived[i] for i in range(30)) > 0.3
    assert arrived[-1] - arrived[0] < 0.3 * 3 + 0.5  # and it does not crawl
