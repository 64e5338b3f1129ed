"""Input normalisation: symbols, dates, enumerations."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from vnfin import _inputs
from vnfin.errors import ValidationError


def test_symbols_normalised() -> None:
    assert _inputs.symbol("  vnm ") == "VNM"
    assert _inputs.symbols("fpt") == ["FPT"]
    assert _inputs.symbols(("vnm", "FPT", "VNM", "hpg")) == ["VNM", "FPT", "HPG"]
    assert _inputs.symbols(pd.Series(["vcb"])) == ["VCB"]


@pytest.mark.parametrize("bad", ["", "  ", "V", "VN M", "VNM,FPT", None, 123, "VNM!"])
def test_bad_symbols(bad: object) -> None:
    with pytest.raises(ValidationError) as info:
        _inputs.symbol(bad, "symbol")
    assert info.value.argument == "symbol"


def test_naive_means_vietnam_time() -> None:
    ts = _inputs.timestamp("2024-01-31 09:15", "start")
    assert str(ts.tz) == "Asia/Ho_Chi_Minh"
    assert (ts.hour, ts.minute) == (9, 15)


def test_aware_values_are_converted() -> None:
    ts = _inputs.timestamp(pd.Timestamp("2024-01-31 02:15", tz="UTC"), "start")
    assert (ts.day, ts.hour) == (31, 9)
    ts = _inputs.timestamp(dt.datetime(2024, 1, 31, 2, 15, tzinfo=dt.UTC), "start")
    assert ts.hour == 9


@pytest.mark.parametrize(
    "value",
    ["2024-02-01", "01/02/2024", "1/2/2024", dt.date(2024, 2, 1), dt.datetime(2024, 2, 1),
     pd.Timestamp("2024-02-01"), np.datetime64("2024-02-01")],
)  # fmt: skip
def test_accepted_date_forms_day_first(value: object) -> None:
    ts = _inputs.timestamp(value, "start")
    assert (ts.year, ts.month, ts.day) == (2024, 2, 1)


@pytest.mark.parametrize("bad", ["2024-13-45", "31/02/2024", "yesterday-ish", "", None, True, 3.5])
def test_malformed_dates(bad: object) -> None:
    with pytest.raises(ValidationError) as info:
        _inputs.timestamp(bad, "end")
    assert info.value.argument == "end"
    assert "end" in str(info.value)


def test_date_only_detection() -> None:
    assert _inputs.is_date_only("2024-01-31")
    assert _inputs.is_date_only("31/01/2024")
    assert _inputs.is_date_only(dt.date(2024, 1, 31))
    assert not _inputs.is_date_only("2024-01-31 10:00")
    assert not _inputs.is_date_only("2024-01-31T10:00")
    assert not _inputs.is_date_only(dt.datetime(2024, 1, 31))


def test_choice_lists_allowed_values_and_aliases() -> None:
    assert _inputs.choice("hose", ["HOSE", "HNX"], "exchange") == "HOSE"
    assert _inputs.choice("hnx", ["VNINDEX", "HNXINDEX"], "codes", {"HNX": "HNXINDEX"}) == (
        "HNXINDEX"
    )
    with pytest.raises(ValidationError, match="HOSE, HNX"):
        _inputs.choice("NYSE", ["HOSE", "HNX"], "exchange")
