"""Input normalisation: symbols, dates, enumerations."""

from __future__ import annotations

import datetime as dt
import itertools

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
    [
        "2024-02-01",
        "01/02/2024",
        "1/2/2024",
        dt.date(2024, 2, 1),
        dt.datetime(2024, 2, 1),
        pd.Timestamp("2024-02-01"),
        np.datetime64("2024-02-01"),
    ],
)
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


def test_day_first_with_a_time_is_still_day_first() -> None:
    ts = _inputs.timestamp("05/03/2024 09:00", "start")
    assert (ts.year, ts.month, ts.day, ts.hour, ts.minute) == (2024, 3, 5, 9, 0)
    assert _inputs.day_first("31/01/2024") == (dt.date(2024, 1, 31), "")
    assert _inputs.day_first("2024-01-31") is None
    with pytest.raises(ValueError, match="day is out of range"):
        _inputs.day_first("31/02/2024")
    with pytest.raises(ValidationError):
        _inputs.timestamp("05/03/2024 soon", "start")


@pytest.mark.parametrize(
    ("value", "lo", "hi", "message"),
    [
        (0, 1, None, "at least 1"),
        (6, 1, 5, "from 1 to 5"),
        (True, 1, 5, "from 1 to 5"),
        (2.0, None, None, "an integer, got 2.0"),
        ("3", None, 9, "at most 9"),
    ],
)
def test_integer_ranges(value: object, lo: int | None, hi: int | None, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as info:
        _inputs.integer(value, "limit", lo, hi)
    assert info.value.argument == "limit"


def test_integers_in_range_pass() -> None:
    assert _inputs.integer(5, "limit", 1, 5) == 5
    assert _inputs.integer(3, "limit") == 3


def test_names_are_shared_by_tickers_and_funds() -> None:
    assert _inputs.names(["vesaf", " vcbf-bcf", "VESAF"], "funds", _inputs.fund) == [
        "VESAF",
        "VCBF-BCF",
    ]
    for bad in ("../x", "A#", "-AB", "AB-", "A B", "", "x" * 30):
        with pytest.raises(ValidationError):
            _inputs.fund(bad)
    with pytest.raises(ValidationError, match="funds is empty"):
        _inputs.names([], "funds", _inputs.fund)
    with pytest.raises(ValidationError, match="list of names"):
        _inputs.names(5, "funds", _inputs.fund)


@pytest.mark.parametrize("bad", ["ßß", "ǅX", "ＶＮＭ", "VNM\x00", "vn\u0131m"])
def test_tickers_are_ascii_before_upper_casing(bad: str) -> None:
    # "ß".upper() is "SS": without the ASCII check "ßß" would be sent as SSSS
    with pytest.raises(ValidationError):
        _inputs.symbol(bad)


@pytest.mark.parametrize("bad", ["..", "#", "VE SAF", "VESAF\x00", "VE/SAF", "ÉTF", "%2F"])
def test_fund_names_keep_to_their_alphabet(bad: str) -> None:
    with pytest.raises(ValidationError):
        _inputs.fund(bad)


@pytest.mark.parametrize(
    "bad", ["0001-01-01", "1999-12-31", "2100-01-02", np.int64(1_700_000_000), 1_700_000_000]
)
def test_dates_outside_a_sane_window_or_numbers_are_refused(bad: object) -> None:
    with pytest.raises(ValidationError, match="start"):
        _inputs.timestamp(bad, "start")


def test_endless_iterables_are_refused_not_consumed() -> None:
    with pytest.raises(ValidationError, match="more than 10,000"):
        _inputs.symbols("VNM" for _ in itertools.count())
    with pytest.raises(ValidationError, match="more than 3"):
        _inputs.items(itertools.count(), "codes", 3)
    assert _inputs.items(iter([1, 2, 3]), "codes", 3) == [1, 2, 3]
