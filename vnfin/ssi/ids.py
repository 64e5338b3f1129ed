"""The two identifiers every SSI write carries (reference §1.5, §7.3): ``requestID`` and
``deviceId``.

``requestID`` must be digits only, at most 8 of them, and unique per trading day. vnfin uses
the **milliseconds since Vietnam midnight** (at most 86,399,999: 8 digits), raised to one more
than the last id it gave when the clock has not moved on. So ids only grow during a day, two
ids of one process never repeat, and a process restarted the same day starts above every id
the earlier one gave (unless that one gave more than a thousand a second, which no quota
allows). One generator serves every client of the process. SSI's own client draws random
numbers, which collide.

``deviceId`` is a MAC address ``XX:XX:XX:XX:XX:XX``: this machine's hardware address when
Python can read one, else a stable, locally administered address derived from the host name
(never random, so it is the same after a restart). ``device_id=`` overrides it with any of the
documented forms (``XX:XX:XX:XX:XX:XX``, ``XX-XX-XX-XX-XX-XX``, ``XXXXXXXXXXXX``).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from ..errors import ValidationError
from ..frames import VN_TZ

_VN = ZoneInfo(VN_TZ)
MAX_REQUEST_ID = 99_999_999
_MAC = re.compile(r"^[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{12}$")


class RequestIds:
    """``requestID`` values: milliseconds since Vietnam midnight, strictly increasing within a
    day (see the module docstring). Thread-safe."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._day: dt.date | None = None
        self._last = -1

    def next(self) -> str:
        now = dt.datetime.fromtimestamp(self._clock(), _VN)
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        millis = int((now - midnight).total_seconds() * 1000)
        with self._lock:
            if now.date() != self._day:
                self._day, self._last = now.date(), -1
            value = max(millis, self._last + 1)
            if value > MAX_REQUEST_ID:  # a thousand a second for a whole day: cannot happen
                raise RuntimeError("no requestID left for today")
            self._last = value
        return str(value)


#: The generator every client of this process shares.
REQUEST_IDS = RequestIds()


def _format(node: int) -> str:
    return ":".join(f"{(node >> shift) & 0xFF:02X}" for shift in range(40, -8, -8))


@functools.cache
def default_device_id() -> str:
    """This machine's MAC, or a stable locally administered one derived from its host name."""
    node = uuid.getnode()
    if not node >> 40 & 0x01:  # the multicast bit is set only on getnode()'s random fallback
        return _format(node)
    digest = hashlib.sha256(socket.gethostname().encode("utf-8")).digest()
    derived = int.from_bytes(digest[:6], "big")
    derived = (derived | 0x02 << 40) & ~(0x01 << 40)  # locally administered, unicast
    return _format(derived)


def device_id(value: Any) -> str:
    """``device_id=`` checked: a MAC in one of SSI's documented forms, or None → the default."""
    if value is None:
        return default_device_id()
    if not isinstance(value, str) or not _MAC.match(value.strip()):
        raise ValidationError(
            f"device_id must be a MAC address such as '0A:1B:2C:3D:4E:5F' (also "
            f"'0A-1B-2C-3D-4E-5F' or '0A1B2C3D4E5F'), got {value!r}",
            argument="device_id",
        )
    return value.strip().upper()
