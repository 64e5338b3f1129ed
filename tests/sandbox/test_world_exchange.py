"""The sandbox's exchange rules (vnfin.sandbox.world.exchange): worked examples from the rules,
and a cross-check against ``vnfin.rules``, the client's separate implementation of the same
rules — two implementations of one spec must agree everywhere."""

from __future__ import annotations

import numpy as np
import pytest

from vnfin import rules
from vnfin.sandbox.world import exchange

KINDS = [("HOSE", "STOCK"), ("HOSE", "ETF"), ("HOSE", "CW"), ("HNX", "STOCK"), ("UPCOM", "STOCK")]
# Whole VND from 0 to 2,000 (where bands are under a tick), every 7 VND to 120,000, every
# tier boundary ± 1 VND, and fractional prices (rounding ties included).
GRID = np.unique(
    np.concatenate(
        [
            np.arange(0, 2_000, 1.0),
            np.arange(2_000, 120_000, 7.0),
            [b + d for b in (10_000, 50_000) for d in (-1.0, -0.5, 0.0, 0.5, 1.0)],
            np.arange(0, 60_000, 24.75),  # includes exact half ticks: 25, 75, …
        ]
    )
).tolist()


@pytest.mark.parametrize(("ex", "kind"), KINDS)
def test_tick_size_agrees_with_vnfin_rules(ex: str, kind: str) -> None:
    mine = [exchange.tick_size(p, ex, kind) for p in GRID]
    assert mine == [rules.tick_size(p, ex, kind) for p in GRID]
    np.testing.assert_array_equal(exchange.ticks(np.array(GRID), ex, kind), mine)


@pytest.mark.parametrize(("ex", "kind"), KINDS)
@pytest.mark.parametrize("mode", ["nearest", "down", "up"])
def test_rounding_agrees_with_vnfin_rules(ex: str, kind: str, mode: str) -> None:
    mine = [exchange.round_to_tick(p, ex, kind, mode) for p in GRID]
    assert mine == [rules.round_to_tick(p, ex, kind, mode) for p in GRID]
    assert all(exchange.on_tick(p, ex, kind) for p in mine)


@pytest.mark.parametrize(("ex", "kind"), KINDS)
def test_bands_agree_with_vnfin_rules(ex: str, kind: str) -> None:
    mine = [exchange.price_band(p, ex, kind) for p in GRID]
    assert mine == [rules.price_band(p, ex, kind) for p in GRID]
    assert [exchange.on_tick(p, ex, kind) for p in GRID] == [
        rules.on_tick(p, ex, kind) for p in GRID
    ]


def test_the_exchanges_are_the_clients_list() -> None:
    assert exchange.EXCHANGES is rules.EXCHANGES
    assert set(exchange.BAND) == set(rules.EXCHANGES)
    assert exchange.LOT == rules.LOT_SIZE == 100


@pytest.mark.parametrize(
    ("price", "ex", "kind", "tick"),
    [
        (9_990, "HOSE", "STOCK", 10),
        (10_000, "HOSE", "STOCK", 50),
        (49_950, "HOSE", "STOCK", 50),
        (50_000, "HOSE", "STOCK", 100),
        (80_000, "HOSE", "ETF", 10),
        (80_000, "HOSE", "CW", 10),
        (5_000, "HNX", "STOCK", 100),
        (5_000, "UPCOM", "STOCK", 100),
    ],
)
def test_tick_tiers(price: float, ex: str, kind: str, tick: int) -> None:
    assert exchange.tick_size(price, ex, kind) == tick


@pytest.mark.parametrize(
    ("reference", "ex", "kind", "band"),
    [
        (20_000, "HOSE", "STOCK", (18_600, 21_400)),  # ±7 %, 50 VND ticks
        (9_990, "HOSE", "STOCK", (9_300, 10_650)),  # ceiling 10,689.3 → 10,650 on the 50 grid
        (68_600, "HOSE", "STOCK", (63_800, 73_400)),  # 63,798 up to 63,800; 73,402 down
        (15_330, "HOSE", "ETF", (14_260, 16_400)),  # 10 VND ticks at any price
        (10_000, "HNX", "STOCK", (9_000, 11_000)),  # ±10 %
        (12_345, "HNX", "STOCK", (11_200, 13_500)),  # 11,110.5 up; 13,579.5 down
        (10_000, "UPCOM", "STOCK", (8_500, 11_500)),  # ±15 %
        (100, "HOSE", "STOCK", (90, 110)),  # band under a tick: one tick either side
        (500, "HNX", "STOCK", (400, 600)),
        (100, "UPCOM", "STOCK", (100, 200)),  # the floor is at least one tick
    ],
)
def test_price_bands(reference: float, ex: str, kind: str, band: tuple[int, int]) -> None:
    assert exchange.price_band(reference, ex, kind) == band


def test_rounding_modes() -> None:
    assert exchange.round_to_tick(10_024, "HOSE") == 10_000
    assert exchange.round_to_tick(10_026, "HOSE") == 10_050
    assert exchange.round_to_tick(10_001, "HOSE", mode="up") == 10_050
    assert exchange.round_to_tick(10_049, "HOSE", mode="down") == 10_000
    assert exchange.round_to_tick(9_996, "HOSE", mode="up") == 10_000  # onto the next tier
    assert exchange.round_to_tick(25, "HOSE") == 20  # a half tick goes to the even step
    assert exchange.round_to_tick(35, "HOSE") == 40
    with pytest.raises(ValueError, match="mode"):
        exchange.round_to_tick(10_000, "HOSE", mode="ceil")


def test_on_tick() -> None:
    assert exchange.on_tick(10_050, "HOSE")
    assert not exchange.on_tick(10_010, "HOSE")
    assert exchange.on_tick(10_010, "HOSE", "ETF")
    assert not exchange.on_tick(10_050, "HNX")
    assert not exchange.on_tick(10_000.5, "HNX")
