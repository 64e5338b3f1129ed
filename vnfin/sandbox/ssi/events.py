"""SSI's order stream as the sandbox keeps it: one numbered log of events per trading day.

Every event the FastConnect order stream would push (``orderEvent``, ``orderMatchEvent``,
``orderError``, ``clientPortfolioEvent``) is appended here with the next ``notifyID`` of the
day (1, 2, 3 …), as ``{"type": ..., "data": {..., "notifyID": n}}``. The SignalR hub reads
it: a connection that sends ``NotifyID: 0`` replays the whole day, ``-1`` only what comes
after it connected, ``n`` everything from message ``n`` on (``n`` included: the reference
says "replay from message n"; a client resuming after ``n`` drops the repeat).

Thread-safe: the REST side appends from the router's worker threads, the hub waits in
another. A new trading day starts a new log (``day`` changes, numbering restarts).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from typing import Any


class EventLog:
    """The day's stream events. ``today`` gives the market date (the world's clock)."""

    def __init__(self, today: Callable[[], dt.date]) -> None:
        self._today = today
        self._day = today()
        self._events: list[tuple[str, dict[str, Any]]] = []  # (account, event)
        self._changed = threading.Condition()

    def _roll(self) -> None:
        day = self._today()
        if day != self._day:
            self._day, self._events = day, []

    def append(self, account: str, type: str, data: dict[str, Any]) -> int:
        """Log one event for ``account``; returns its ``notifyID`` (also set in its data)."""
        with self._changed:
            self._roll()
            notify_id = len(self._events) + 1
            event = {"type": type, "data": {**data, "notifyID": notify_id}}
            self._events.append((account, event))
            self._changed.notify_all()
            return notify_id

    def last_id(self) -> int:
        """The newest ``notifyID`` of the day (0 before the first event)."""
        with self._changed:
            self._roll()
            return len(self._events)

    def since(self, notify_id: int, accounts: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """The events a connection asking for ``notify_id`` gets now: the whole day for 0,
        nothing for -1 (the hub then follows :meth:`last_id`), from ``notify_id`` on
        otherwise; only ``accounts``' events when given."""
        wanted = None if accounts is None else set(accounts)
        with self._changed:
            self._roll()
            if notify_id < 0:
                return []
            start = max(notify_id, 1) - 1
            return [e for a, e in self._events[start:] if wanted is None or a in wanted]

    def wait(self, after: int, timeout: float) -> bool:
        """Block up to ``timeout`` seconds for an event newer than ``after``; True if one is
        there."""
        with self._changed:
            return self._changed.wait_for(lambda: len(self._events) > after, timeout)
