"""The client-side sliding-window rate limiter, on a fake clock."""

from __future__ import annotations

import pytest

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
