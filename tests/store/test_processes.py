"""Two processes writing the same symbol at once leave a valid, complete dataset."""

from __future__ import annotations

import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from vnfin.store import Store

AFTER_CLOSE = "2026-11-20 16:00"


def test_two_processes_writing_one_symbol(
    tmp_path: Path, fh: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).parent))
    sys.modules.pop("_writer", None)
    import _writer

    root = str(tmp_path / "store")
    starts = pd.date_range("2026-01-01", "2026-10-01", freq="MS")
    months = [(f"{m:%Y-%m-%d}", f"{m + pd.offsets.MonthEnd():%Y-%m-%d}") for m in starts]
    # interleaved months: a write that lost the other process's months would leave holes
    ranges = {"a": months[::2] * 2, "b": months[1::2] * 2}
    ctx = multiprocessing.get_context("spawn")
    start_at = time.time() + 3.0
    procs = [
        ctx.Process(target=_writer.write, args=(root, r, start_at, AFTER_CLOSE))
        for r in ranges.values()
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]

    files = sorted(p.name for p in Path(root).rglob("*") if p.is_file())
    assert files == [".lock", "bars.parquet"]  # no temporary file left behind
    stored = Store(root).read("VNM", "2026-01-01", "2026-10-31")
    plain = fh.market.history("VNM", "2026-01-01", "2026-10-31")
    pd.testing.assert_frame_equal(stored, plain, check_freq=False)
    cov = Store(root).coverage().loc[("finhay-sandbox", "1D", "VNM")]
    assert (str(cov["covered_from"]), str(cov["covered_to"])) == ("2026-01-01", "2026-10-31")
