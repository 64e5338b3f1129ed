"""``requestID`` (digits only, at most 8, unique per day and across restarts of the same day,
from the time of day and a counter, never random) and ``deviceId`` (a MAC) — reference §1.5,
§7.3."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest

import vnfin
from vnfin.ssi import ids

VN = dt.timezone(dt.timedelta(hours=7))


class Clock:
    def __init__(self, when: dt.datetime) -> None:
        self.now = when.timestamp()

    def __call__(self) -> float:
        return self.now


def at(hour: int, minute: int = 0, second: float = 0.0, day: int = 20) -> dt.datetime:
    whole = int(second)
    micro = round((second - whole) * 1e6)
    return dt.datetime(2026, 11, day, hour, minute, whole, micro, tzinfo=VN)


def test_ids_are_the_milliseconds_since_vietnam_midnight() -> None:
    assert ids.RequestIds(Clock(at(10, 30, 15.25))).next() == "37815250"
    assert ids.RequestIds(Clock(at(0, 0, 0.005))).next() == "5"
    last = ids.RequestIds(Clock(at(23, 59, 59.999))).next()
    assert last == "86399999" and len(last) == 8


def test_ids_only_grow_when_the_clock_stands_still_or_steps_back() -> None:
    clock = Clock(at(9, 15))
    gen = ids.RequestIds(clock)
    got = [gen.next() for _ in range(1000)]  # a burst within one millisecond
    clock.now -= 5  # the system clock is set back a little
    got += [gen.next() for _ in range(10)]
    numbers = [int(g) for g in got]
    assert numbers == sorted(numbers) and len(set(got)) == len(got)
    assert all(re.fullmatch(r"\d{1,8}", g) for g in got)


def test_a_restart_the_same_day_starts_above_the_earlier_run() -> None:
    clock = Clock(at(9, 15))
    first = ids.RequestIds(clock)
    earlier = [int(first.next()) for _ in range(50)]  # 50 ids in one millisecond
    clock.now += 0.2  # the process restarts 200 ms later
    again = ids.RequestIds(clock)
    assert int(again.next()) > max(earlier)


def test_a_new_day_starts_again_from_its_own_time() -> None:
    clock = Clock(at(23, 59, 59.999))
    gen = ids.RequestIds(clock)
    gen.next()
    gen.next()  # 86400000: beyond a day's milliseconds, still 8 digits
    clock.now = at(9, 0, day=21).timestamp()
    assert gen.next() == "32400000"


def test_threads_never_share_an_id() -> None:
    gen = ids.RequestIds(Clock(at(10, 0)))
    got: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        mine = [gen.next() for _ in range(500)]
        with lock:
            got.extend(mine)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(got)) == len(got) == 4000


def test_clients_of_one_process_share_one_generator(fake_client) -> None:  # type: ignore[no-untyped-def]
    one, two = fake_client(), fake_client()
    assert one._core.request_ids is two._core.request_ids is ids.REQUEST_IDS


def test_the_default_device_id_is_a_stable_mac() -> None:
    mac = ids.default_device_id()
    assert re.fullmatch(r"([0-9A-F]{2}:){5}[0-9A-F]{2}", mac)
    assert int(mac[:2], 16) & 0x01 == 0  # unicast, as a real interface's address
    assert ids.device_id(None) == mac


@pytest.mark.parametrize("good", ["0a:1b:2c:3d:4e:5f", "0A-1B-2C-3D-4E-5F", "0A1B2C3D4E5F"])
def test_device_ids_in_the_documented_forms(good: str) -> None:
    assert ids.device_id(good) == good.upper()


@pytest.mark.parametrize("bad", ["", "0A:1B:2C:3D:4E", "0A:1B-2C:3D:4E:5F", "eth0:0A1B2C3D4E5F", 7])
def test_other_device_ids_are_refused(bad: object) -> None:
    with pytest.raises(vnfin.ValidationError, match="device_id"):
        ids.device_id(bad)
