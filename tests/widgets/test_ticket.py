"""The form's arithmetic and read-outs, without widgets or a client."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from vnfin.widgets.order_book import book_html
from vnfin.widgets.ticket import Snapshot, lot_note, snap_quantity


def snapshot(exchange: str = "HOSE", kind: str = "STOCK", **quote: float) -> Snapshot:
    row = {"exchange": exchange, "stock_type": kind, "reference": 68_600.0, "price": 69_500.0}
    row |= {"floor": 63_800.0, "ceiling": 73_400.0} | quote
    quotes = pd.DataFrame([row], index=pd.Index(["VNM"], name="symbol"))
    session = pd.DataFrame(
        {"exchange_session": ["PROGRESS"], "available_order_types": [["LO", "MP", "ATC"]]},
        index=pd.Index([exchange], name="exchange"),
    )
    return Snapshot.of("VNM", quotes, session)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [(-3, 1), (0, 1), (1, 1), (99, 99), (100, 100), (101, 100), (199, 100), (1_250, 1_200)],
)
def test_quantity_onto_the_lot(typed: int, kept: int) -> None:
    assert snap_quantity(typed) == kept


def test_lot_notes() -> None:
    assert lot_note(100) == "1 lot of 100"
    assert lot_note(2_500) == "25 lots of 100"
    assert lot_note(7).startswith("odd lot")


@pytest.mark.parametrize(
    ("exchange", "kind", "typed", "snapped"),
    [
        ("HOSE", "STOCK", 49_980, 50_000),  # across the tier boundary, onto both grids
        ("HOSE", "STOCK", 49_960, 49_950),
        ("HOSE", "STOCK", 9_996, 10_000),
        ("HOSE", "CW", 1_234, 1_230),
        ("HNX", "STOCK", 8_660, 8_700),
        ("UPCOM", "STOCK", 40, 100),  # at least one tick
    ],
)
def test_price_onto_the_tick(exchange: str, kind: str, typed: int, snapped: int) -> None:
    assert snapshot(exchange, kind).snap(typed) == snapped


def test_odd_lots_take_limit_orders_only() -> None:
    s = snapshot()
    assert s.order_types_for(100) == ["LO", "MP", "ATC"]
    assert s.order_types_for(99) == ["LO"]


def test_missing_band_is_worked_out_and_missing_levels_are_none() -> None:
    s = snapshot(floor=float("nan"), ceiling=float("nan"))
    assert (s.floor, s.ceiling) == (63_800, 73_400)
    assert s.bid is None and s.ask is None
    assert s.default_price == 69_500
    assert snapshot(price=float("nan")).default_price == 68_600  # no trade yet: reference


def test_the_session_of_another_exchange_allows_nothing() -> None:
    quotes = pd.DataFrame(
        [{"exchange": "HNX", "reference": 10_000.0, "floor": 9_000.0, "ceiling": 11_000.0}],
        index=pd.Index(["SHS"], name="symbol"),
    )
    s = Snapshot.of("SHS", quotes, pd.DataFrame())
    assert (s.session, s.order_types) == ("UNKNOWN", ())


def test_book_table_escapes_what_the_broker_sends() -> None:
    frame = pd.DataFrame(
        [
            {
                "order_id": "1",
                "symbol": "VNM",
                "side": "BUY",
                "quantity": 100,
                "price": float("nan"),
                "status": "rejected",
                "message": "<script>alert(1)</script>",
                "created_at": pd.Timestamp("2026-11-20 10:30:05", tz="Asia/Ho_Chi_Minh"),
            }
        ]
    )
    table = book_html(frame)
    assert "<script>" not in table and "&lt;script&gt;" in table
    assert "<td style='padding:0 8px'>10:30:05</td>" in table


def test_importing_the_widgets_does_not_import_ipywidgets() -> None:
    code = "import sys, vnfin.widgets; assert 'ipywidgets' not in sys.modules, 'imported'"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
