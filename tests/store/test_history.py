"""``history(..., store=...)`` against the Finhay sandbox: only what the store lacks is
fetched, and the answer is the one a plain fetch gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pytest

from vnfin._http import SIMULATED_HEADER
from vnfin.errors import ValidationError
from vnfin.sandbox import Sandbox
from vnfin.store import Store


def test_cold_fetch_equals_plain_fetch(fh: Any, store: Store, same: Any) -> None:
    plain = fh.market.history("VNM", "2026-09-01", "2026-10-31")
    stored = fh.market.history("VNM", "2026-09-01", "2026-10-31", store=store)
    assert len(plain) > 30
    same(stored, plain)


def test_cold_fetch_of_a_list_equals_plain_fetch(fh: Any, store: Store, same: Any) -> None:
    plain = fh.market.history(["VNM", "FPT"], "2026-06-01", "2026-10-31")
    stored = fh.market.history(["VNM", "FPT"], "2026-06-01", "2026-10-31", store=store)
    assert plain.index.names == ["symbol", "time"]
    same(stored, plain)


def test_warm_repeat_sends_no_request(fh: Any, sb: Sandbox, store: Store, same: Any) -> None:
    first = fh.market.history(["VNM", "FPT"], "2026-09-01", "2026-10-31", store=store)
    seen = sb.requests_seen
    again = fh.market.history(["VNM", "FPT"], "2026-09-01", "2026-10-31", store=store)
    assert sb.requests_seen == seen
    same(again, first)
    inside = fh.market.history("VNM", "2026-09-10", "2026-09-20", store=store)
    assert sb.requests_seen == seen
    same(inside, fh.market.history("VNM", "2026-09-10", "2026-09-20"))


def test_extending_either_end_fetches_only_the_new_days(
    fh: Any, sb: Sandbox, store: Store, recorder: Any, same: Any
) -> None:
    fh.market.history("VNM", "2026-09-01", "2026-09-30", store=store)
    recorder.queries.clear()
    seen = sb.requests_seen
    wider = fh.market.history("VNM", "2026-08-03", "2026-10-30", store=store)
    assert sb.requests_seen - seen == 2
    assert sorted(recorder.windows()) == [
        ("2026-08-03", "2026-08-31"),
        ("2026-10-01", "2026-10-30"),
    ]
    same(wider, fh.market.history("VNM", "2026-08-03", "2026-10-30"))


def test_an_inner_gap_is_filled_alone(
    fh: Any, sb: Sandbox, store: Store, recorder: Any, same: Any
) -> None:
    fh.market.history("VNM", "2026-08-03", "2026-08-31", store=store)
    fh.market.history("VNM", "2026-10-01", "2026-10-30", store=store)
    recorder.queries.clear()
    seen = sb.requests_seen
    whole = fh.market.history("VNM", "2026-08-03", "2026-10-30", store=store)
    assert sb.requests_seen - seen == 1
    assert recorder.windows() == [("2026-09-01", "2026-09-30")]
    same(whole, fh.market.history("VNM", "2026-08-03", "2026-10-30"))


def test_only_the_symbol_missing_is_fetched(
    fh: Any, sb: Sandbox, store: Store, recorder: Any, same: Any
) -> None:
    fh.market.history("VNM", "2026-09-01", "2026-10-30", store=store)
    recorder.queries.clear()
    both = fh.market.history(["VNM", "FPT"], "2026-09-01", "2026-10-30", store=store)
    assert [q["symbol"] for q in recorder.queries] == ["FPT"]
    same(both, fh.market.history(["VNM", "FPT"], "2026-09-01", "2026-10-30"))


def test_todays_bar_is_fetched_again_until_the_close(fh: Any, sb: Sandbox, store: Store) -> None:
    sb.now = "2026-11-20 10:30"  # Friday, mid-morning
    morning = fh.market.history("VNM", "2026-11-02", "2026-11-20", store=store)
    assert morning.index[-1] == pd.Timestamp("2026-11-20", tz="Asia/Ho_Chi_Minh")
    seen = sb.requests_seen
    fh.market.history("VNM", "2026-11-02", "2026-11-20", store=store)
    assert sb.requests_seen - seen == 1  # today again, the days before not

    sb.now = "2026-11-20 15:30"  # the session has closed
    seen = sb.requests_seen
    closed = fh.market.history("VNM", "2026-11-02", "2026-11-20", store=store)
    assert sb.requests_seen - seen == 1
    pd.testing.assert_frame_equal(closed, fh.market.history("VNM", "2026-11-02", "2026-11-20"))
    assert not closed.iloc[-1].equals(morning.iloc[-1])  # the final bar replaced the partial one
    seen = sb.requests_seen
    fh.market.history("VNM", "2026-11-02", "2026-11-20", store=store)
    assert sb.requests_seen == seen  # final now: never asked for again


def test_holidays_and_weekends_are_not_gaps(fh: Any, sb: Sandbox, store: Store) -> None:
    # Lunar New Year 2026: Mon 16 – Fri 20 February, between two weekends.
    fh.market.history("VNM", "2026-02-02", "2026-02-13", store=store)
    seen = sb.requests_seen
    tet = fh.market.history("VNM", "2026-02-02", "2026-02-22", store=store)
    assert sb.requests_seen == seen
    assert tet.index[-1] == pd.Timestamp("2026-02-13", tz="Asia/Ho_Chi_Minh")
    fh.market.history("VNM", "2026-02-14", "2026-02-22", store=store)  # nothing but holidays
    assert sb.requests_seen == seen


def test_a_range_with_no_bars_is_remembered(fh: Any, sb: Sandbox, store: Store) -> None:
    """A covered trading day without a bar (here: before the sandbox's history begins, or a
    suspension) is not asked for again."""
    fh.market.history("VNM", "2026-10-01", "2026-10-30", store=store)
    fh.market.history("VNM", "2026-10-01", "2026-10-30", store=store)
    part = store._load(store._dir("finhay-sandbox", "1D", "VNM") / "bars.parquet")
    assert part is not None
    assert part.covered == [(pd.Timestamp("2026-10-01").date(), pd.Timestamp("2026-10-30").date())]


def test_store_accepts_a_path_true_or_none(
    fh: Any, sb: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fh.market.history("VNM", "2026-10-01", "2026-10-30", store=tmp_path / "by-path")
    assert Store(tmp_path / "by-path").symbols() == ["VNM"]
    monkeypatch.setenv("VNFIN_STORE", str(tmp_path / "from-env"))
    fh.market.history("VNM", "2026-10-01", "2026-10-30", store=True)
    assert Store().symbols() == ["VNM"]
    assert Store().root == tmp_path / "from-env"
    seen = sb.requests_seen
    fh.market.history("VNM", "2026-10-01", "2026-10-30", store=None)
    fh.market.history("VNM", "2026-10-01", "2026-10-30", store=False)
    assert sb.requests_seen - seen == 2


def test_default_root_is_the_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("VNFIN_STORE", raising=False)
    assert Store().root == Path(platformdirs.user_data_dir("vnfin", appauthor=False)) / "store"


def test_bad_store_arguments_fail_before_any_request(fh: Any, sb: Sandbox, store: Store) -> None:
    seen = sb.requests_seen
    with pytest.raises(ValidationError, match="store must be") as info:
        fh.market.history("VNM", "2026-11-19", "2026-11-20", store=42)
    assert info.value.argument == "store"
    assert sb.requests_seen == seen


def test_skipped_symbols_are_not_stored(fh: Any, store: Store) -> None:
    with pytest.warns(UserWarning, match="skipped"):
        got = fh.market.history(
            ["VNM", "ZZZZ"], "2026-10-01", "2026-10-30", store=store, errors="skip"
        )
    assert "ZZZZ" in got.attrs["failed"]
    assert store.symbols() == ["VNM"]


def test_the_async_face_shares_the_store(sb: Sandbox, store: Store, same: Any) -> None:
    import asyncio

    async def twice() -> tuple[pd.DataFrame, int, pd.DataFrame]:
        async with sb.async_finhay() as afh:
            cold = await afh.market.history(["VNM", "FPT"], "2026-09-01", "2026-10-30", store=store)
            seen = sb.requests_seen
            warm = await afh.market.history(["VNM", "FPT"], "2026-09-01", "2026-10-30", store=store)
            return cold, sb.requests_seen - seen, warm

    cold, sent, warm = asyncio.run(twice())
    assert sent == 0
    same(warm, cold)
    same(cold, sb.finhay().market.history(["VNM", "FPT"], "2026-09-01", "2026-10-30"))


def test_what_another_store_wrote_is_read_not_a_stale_copy(
    fh: Any, sb: Sandbox, store: Store, same: Any
) -> None:
    """A Store keeps the partitions it read or wrote in memory, keyed by the file's inode,
    size and mtime: a fresh Store reads the disk, and a write by another Store (another
    process, in real life) is noticed."""
    september = fh.market.history("VNM", "2026-09-01", "2026-09-30", store=store)
    other = Store(store.root, clock=store.clock)
    seen = sb.requests_seen
    same(fh.market.history("VNM", "2026-09-01", "2026-09-30", store=other), september)
    assert sb.requests_seen == seen  # read from disk by the fresh store
    fh.market.history("VNM", "2026-09-01", "2026-10-30", store=other)  # October, by the other
    seen = sb.requests_seen
    both = fh.market.history("VNM", "2026-09-01", "2026-10-30", store=store)
    assert sb.requests_seen == seen  # the first store sees the other's October
    same(both, fh.market.history("VNM", "2026-09-01", "2026-10-30"))


# -- intraday bars ---------------------------------------------------------------------------


@pytest.mark.parametrize("resolution", ["5", "1H"])
def test_intraday_bars_are_stored_like_daily_ones(
    fh: Any, sb: Sandbox, store: Store, same: Any, resolution: str
) -> None:
    plain = fh.market.history(["VNM", "FPT"], "2026-11-02", "2026-11-20", resolution)
    stored = fh.market.history(["VNM", "FPT"], "2026-11-02", "2026-11-20", resolution, store=store)
    assert len(plain) > 40
    same(stored, plain)
    seen = sb.requests_seen
    again = fh.market.history(["VNM", "FPT"], "2026-11-02", "2026-11-20", resolution, store=store)
    assert sb.requests_seen == seen
    same(again, plain)
    assert {r for _, r, _ in store.coverage().index} == {resolution}
    same_read = store.read(["VNM", "FPT"], "2026-11-02", "2026-11-20", resolution)
    pd.testing.assert_frame_equal(same_read, plain)


def test_a_day_asked_for_in_part_is_not_covered(
    fh: Any, sb: Sandbox, store: Store, recorder: Any, same: Any
) -> None:
    """An intraday range from 10:00 holds only part of its first day's session: that day is
    kept but fetched again when asked for whole; the whole days after it are not."""
    fh.market.history("VNM", "2026-11-17 10:00", "2026-11-19", "15", store=store)
    [(first, last)] = [(row.covered_from, row.covered_to) for row in store.coverage().itertuples()]
    assert (str(first), str(last)) == ("2026-11-18", "2026-11-19")
    recorder.queries.clear()
    seen = sb.requests_seen
    whole = fh.market.history("VNM", "2026-11-17", "2026-11-19", "15", store=store)
    assert sb.requests_seen - seen == 1
    assert recorder.windows() == [("2026-11-17", "2026-11-17")]
    same(whole, fh.market.history("VNM", "2026-11-17", "2026-11-19", "15"))


def test_todays_intraday_bars_are_fetched_again_until_the_close(
    sb: Sandbox, store: Store, recorder: Any, same: Any
) -> None:
    sb.now = "2026-11-20 11:00"  # the session is on
    fh = sb.finhay(transport=recorder)
    morning = fh.market.history("VNM", "2026-11-19", None, "5", store=store)
    assert morning.index[-1] <= pd.Timestamp("2026-11-20 11:00", tz="Asia/Ho_Chi_Minh")
    sb.now = "2026-11-20 16:00"
    recorder.queries.clear()
    later = fh.market.history("VNM", "2026-11-19", "2026-11-20", "5", store=store)
    assert recorder.windows() == [("2026-11-20", "2026-11-20")]  # only today, again
    same(later, fh.market.history("VNM", "2026-11-19", "2026-11-20", "5"))
    seen = sb.requests_seen
    fh.market.history("VNM", "2026-11-19", "2026-11-20", "5", store=store)
    assert sb.requests_seen == seen  # after the close, today is final


# -- simulated bars are kept apart -------------------------------------------------------------


class _Unmarked(httpx.BaseTransport):
    """The sandbox behind a transport that does not say so; ``real`` also strips the header
    that marks its answers simulated (what the broker's own servers send)."""

    def __init__(self, inner: Any, *, real: bool) -> None:
        self.inner, self.real = inner, real

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if self.real:
            del response.headers[SIMULATED_HEADER]
        return response


def test_sandbox_bars_never_share_a_partition_with_real_ones(sb: Sandbox, store: Store) -> None:
    real = sb.finhay(transport=_Unmarked(sb.transport, real=True))  # the broker's own URL
    fake = sb.finhay()  # the in-process sandbox
    fake.market.history("VNM", "2026-10-01", "2026-10-30", store=store)
    assert [src for src, _, _ in store.coverage().index] == ["finhay-sandbox"]
    seen = sb.requests_seen
    got = real.market.history("VNM", "2026-10-01", "2026-10-30", store=store)
    assert sb.requests_seen > seen  # nothing of the sandbox's was served as real
    assert not got.attrs["simulated"]
    assert sorted(src for src, _, _ in store.coverage().index) == ["finhay", "finhay-sandbox"]
    assert not store.read("VNM", source="finhay").attrs["simulated"]
    assert store.read("VNM", source="finhay-sandbox").attrs["simulated"]


def test_simulated_answers_from_elsewhere_are_not_filed_as_real(sb: Sandbox, store: Store) -> None:
    remote = sb.finhay(transport=_Unmarked(sb.transport, real=False))  # a sandbox elsewhere
    with pytest.raises(ValidationError, match="another machine") as info:
        remote.market.history("VNM", "2026-10-01", "2026-10-30", store=store)
    assert info.value.argument == "store"
    assert store.symbols() == []


def test_a_loopback_address_is_a_sandbox() -> None:
    from vnfin._http import Session

    def local(url: str) -> bool:
        return Session(url, decode=lambda response, call: None).local

    assert local("http://127.0.0.1:8700") and local("http://localhost:8700")
    assert not local("https://openapi.finhay.com.vn")
