"""The store on disk: offline reads, coverage, clearing, corrupt files, crashes mid-write and
the plain hive layout other engines read."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from vnfin import store as store_module
from vnfin.errors import ValidationError
from vnfin.sandbox import Sandbox
from vnfin.store import Store

VN = "Asia/Ho_Chi_Minh"


def test_read_works_offline_with_no_client(fh: Any, store: Store) -> None:
    fetched = fh.market.history(["VNM", "FPT"], "2026-09-01", "2026-10-30", store=store)
    offline = Store(store.root)  # a fresh store object, no client, no credentials
    one = offline.read("VNM", "2026-09-01", "2026-10-30")
    pd.testing.assert_frame_equal(one, fetched.loc["VNM"], check_freq=False)
    many = offline.read(["VNM", "FPT"], "2026-09-01", "2026-10-30")
    pd.testing.assert_frame_equal(many, fetched)
    assert many.attrs["source"] == "finhay-sandbox" and many.attrs["simulated"]
    part = offline.read(["FPT"], "2026-10-01", "2026-10-15")
    assert part.index.get_level_values("time").min() >= pd.Timestamp("2026-10-01", tz=VN)
    assert part.index.get_level_values("time").max() <= pd.Timestamp("2026-10-15", tz=VN)
    missing = offline.read("HPG")
    assert missing.empty
    assert list(missing.columns) == ["open", "high", "low", "close", "volume"]


def test_read_asks_for_a_source_when_several_brokers_stored_a_symbol(
    sb: Sandbox, store: Store
) -> None:
    sb.finhay().market.history("VNM", "2026-10-01", "2026-10-30", store=store)
    sb.dnse().market.history("VNM", "2026-10-01", "2026-10-30", store=store)
    with pytest.raises(ValidationError, match="several sources") as info:
        store.read("VNM")
    assert info.value.argument == "source"
    assert store.read("VNM", source="dnse-sandbox").attrs["source"] == "dnse-sandbox"


def test_symbols_coverage_and_clear(fh: Any, store: Store) -> None:
    assert store.symbols() == []
    assert store.coverage().empty
    fh.market.history(["VNM", "FPT"], "2026-09-01", "2026-10-30", store=store)
    assert store.symbols() == ["FPT", "VNM"]
    cov = store.coverage()
    assert list(cov.index) == [("finhay-sandbox", "1D", "FPT"), ("finhay-sandbox", "1D", "VNM")]
    row = cov.loc[("finhay-sandbox", "1D", "VNM")]
    assert row["first"] == pd.Timestamp("2026-09-01", tz=VN)
    assert row["last"] == pd.Timestamp("2026-10-30", tz=VN)
    assert row["bars"] == len(store.read("VNM"))
    assert str(row["covered_to"]) == "2026-10-30"
    assert store.clear("FPT") == 1
    assert store.symbols() == ["VNM"]
    assert store.clear() == 1
    assert store.symbols() == []


def test_a_corrupt_file_is_reported_and_fetched_again(
    fh: Any, sb: Sandbox, store: Store, same: Any
) -> None:
    fh.market.history("VNM", "2026-09-01", "2026-10-30", store=store)
    file = store.root / "source=finhay-sandbox" / "resolution=1D" / "symbol=VNM" / "bars.parquet"
    file.write_bytes(b"PAR1 not really parquet")
    seen = sb.requests_seen
    with pytest.warns(UserWarning, match=re.escape(str(file))):
        again = fh.market.history("VNM", "2026-09-01", "2026-10-30", store=store)
    assert sb.requests_seen - seen == 1
    same(again, fh.market.history("VNM", "2026-09-01", "2026-10-30"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(store.read("VNM")) == len(again)  # the file was written afresh


def test_a_corrupt_file_is_never_read_silently(fh: Any, store: Store) -> None:
    fh.market.history("VNM", "2026-09-01", "2026-10-30", store=store)
    file = next(store.root.rglob("*.parquet"))
    file.write_bytes(file.read_bytes()[:100])  # truncated
    with pytest.warns(UserWarning, match=re.escape(str(file))):
        assert store.read("VNM").empty


def test_a_crash_mid_write_loses_nothing(
    fh: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = fh.market.history("VNM", "2026-09-01", "2026-09-30", store=store)
    real = store_module.pq.write_table

    def crash(table: Any, where: Any, **kwargs: Any) -> None:
        real(table.slice(0, 3), where, **kwargs)  # a part written, then the process "dies"
        raise RuntimeError("power cut")

    monkeypatch.setattr(store_module.pq, "write_table", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        fh.market.history("VNM", "2026-08-03", "2026-10-30", store=store)
    monkeypatch.undo()
    pd.testing.assert_frame_equal(store.read("VNM"), before, check_freq=False)
    leftovers = [p.name for p in store.root.rglob("*") if p.is_file()]
    assert sorted(leftovers) == [".lock", "bars.parquet"]


def test_duckdb_reads_the_layout_as_it_is(fh: Any, store: Store) -> None:
    fetched = fh.market.history(["VNM", "FPT"], "2026-09-01", "2026-10-30", store=store)
    query = """
        SELECT source, resolution, symbol, time, open, high, low, close, volume
        FROM read_parquet($files, hive_partitioning = true)
        ORDER BY symbol, time
    """
    got = duckdb.execute(query, {"files": f"{store.root}/**/*.parquet"}).df()
    assert set(got["source"]) == {"finhay-sandbox"}
    assert set(got["resolution"]) == {"1D"}
    # stored in microseconds with the zone: DuckDB hands back aware times, not naive ones
    assert isinstance(got["time"].dtype, pd.DatetimeTZDtype)
    got["time"] = got["time"].dt.tz_convert(VN).astype(f"datetime64[ns, {VN}]")
    got = got.set_index(["symbol", "time"]).drop(columns=["source", "resolution"])
    want = fetched.sort_index()
    pd.testing.assert_frame_equal(got, want, check_index_type=False, check_dtype=False)
    assert (got.dtypes == want.dtypes).all()


def test_the_lock_file_and_temporary_files_stay_out_of_the_dataset(fh: Any, store: Store) -> None:
    fh.market.history("VNM", "2026-09-01", "2026-10-30", store=store)
    assert [p.name for p in store.root.rglob("*.parquet")] == ["bars.parquet"]


def test_gaps_skip_weekends_and_holidays() -> None:
    d = pd.Timestamp
    runs = store_module.gaps([], d("2026-02-14").date(), d("2026-02-22").date(), d("2030").date())
    assert runs == []
    covered = [(d("2026-02-02").date(), d("2026-02-06").date())]
    first, last, final = d("2026-02-02").date(), d("2026-02-24").date(), d("2030").date()
    runs = store_module.gaps(covered, first, last, final)
    assert runs == [(d("2026-02-09").date(), d("2026-02-24").date())]
    # a day after the last close is fetched even when covered
    runs = store_module.gaps(covered, first, d("2026-02-06").date(), d("2026-02-05").date())
    assert runs == [(d("2026-02-06").date(), d("2026-02-06").date())]


def test_the_final_day_follows_the_close(tmp_path: Path) -> None:
    clock = {"now": "2026-11-20 14:59"}
    st = Store(tmp_path, clock=lambda: clock["now"])
    assert str(st.final_day()) == "2026-11-19"
    clock["now"] = "2026-11-20 15:00"
    assert str(st.final_day()) == "2026-11-20"
