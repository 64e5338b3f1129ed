"""A process that writes one symbol into a store over and over (run by test_processes.py
under multiprocessing's spawn, so it imports vnfin afresh)."""

from __future__ import annotations

import time
from typing import Any


def write(root: str, ranges: list[tuple[str, str]], start_at: float, now: str) -> None:
    from vnfin.sandbox import Sandbox
    from vnfin.store import Store

    sb = Sandbox(seed=0, now=now)
    fh: Any = sb.finhay()
    time.sleep(max(0.0, start_at - time.time()))  # both processes begin together
    for first, last in ranges:
        # a fresh store object each time: nothing is remembered in memory between writes
        fh.market.history("VNM", first, last, store=Store(root, clock=lambda: sb.now))
