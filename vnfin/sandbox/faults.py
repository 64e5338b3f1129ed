"""The fault knobs a :class:`~vnfin.sandbox.Sandbox` applies to every dialect it hosts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Faults:
    """Knobs for tests and demos.

    ``latency`` seconds added to each request; ``error_rate`` share of requests answered with
    a random 500; ``force_429`` answers the next N requests with 429; ``clock_skew`` seconds
    added to the server clock that checks request timestamps.
    """

    latency: float = 0.0
    error_rate: float = 0.0
    force_429: int = 0
    clock_skew: float = 0.0
