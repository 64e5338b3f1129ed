"""Exchange rules (vnfin.rules): every tick tier on every exchange, band rounding, lots."""

from __future__ import annotations

import pytest

from vnfin import rules

TIERS = [
    # (exchange, stock type, price, tick)
    ("HOSE", "STOCK", 0, 10),
    ("HOSE", "STOCK", 9_990, 10),
    ("HOSE", "STOCK", 10_000, 50),
    ("HOSE", "STOCK", 49_950, 50),
    ("HOSE", "STOCK", 50_000, 100),
    ("HOSE", "STOCK", 250_000, 100),
    ("HOSE", "ETF", 9_990, 10),
    ("HOSE", "ETF", 60_000, 10),
    ("HOSE", "CW", 55_000, 10),
    ("HNX", "STOCK", 5_000, 100),
    ("HNX", "STOCK", 75_000, 100),
    ("HNX", "ETF", 15_000, 100),
    ("UPCOM", "STOCK", 1_000, 100),
    ("UPCOM", "STOCK", 99_000, 100),
]


def test_one_list_of_exchanges() -> None:
    assert rules.EXCHANGES == ("HOSE", "HNX", "UPCOM")
    assert set(rules.BANDS) == set(rules.EXCHANGES)


@pytest.mark.parametrize(("exchange", "kind", "price", "tick"), TIERS)
def test_tick_tiers(exchange: str, kind: str, price: int, tick: int) -> None:
    assert rules.tick_size(price, exchange, kind) == tick
    if price:
        assert rules.on_tick(price, exchange, kind)
        assert not rules.on_tick(price + tick / 2, exchange, kind)
        assert not rules.on_tick(price + 0.5, exchange, kind)


@pytest.mark.parametrize(
    ("price", "exchange", "mode", "expected"),
    [
        (9_996, "HOSE", "nearest", 10_000),  # rounds up across the 10,000 tier boundary
        (9_994, "HOSE", "nearest", 9_990),
        (10_020, "HOSE", "nearest", 10_000),
        (10_030, "HOSE", "nearest", 10_050),
        (49_990, "HOSE", "down", 49_950),
        (49_960, "HOSE", "up", 50_000),
        (50_049, "HOSE", "nearest", 50_000),
        (50_051, "HOSE", "up", 50_100),
        (12_345, "HNX", "down", 12_300),
        (12_301, "UPCOM", "up", 12_400),
    ],
)
def test_round_to_tick(price: float, exchange: str, mode: str, expected: int) -> None:
    got = rules.round_to_tick(price, exchange, mode=mode)
    assert got == expected
    assert rules.on_tick(got, exchange)


@pytest.mark.parametrize(
    ("reference", "exchange", "floor", "ceiling"),
    [
        (72_000, "HOSE", 67_000, 77_000),  # 66,960 up to the 100 grid; 77,040 down
        (26_800, "HOSE", 24_950, 28_650),  # 24,924 up to 24,950; 28,676 down to 28,650
        (9_500, "HOSE", 8_840, 10_150),  # floor on the 10 grid, ceiling on the 50 grid
        (20_000, "HNX", 18_000, 22_000),
        (12_345, "HNX", 11_200, 13_500),
        (10_000, "UPCOM", 8_500, 11_500),
        (200, "UPCOM", 100, 300),  # rounding meets the reference: one tick either side
        (500, "HNX", 400, 600),
        (100, "UPCOM", 100, 200),  # the floor is at least one tick
    ],
)
def test_price_band(reference: int, exchange: str, floor: int, ceiling: int) -> None:
    assert rules.price_band(reference, exchange) == (floor, ceiling)


def test_band_edges_are_inside_the_band_and_on_tick() -> None:
    for exchange, band in rules.BANDS.items():
        for reference in range(1_000, 200_000, 777):
            floor, ceiling = rules.price_band(reference, exchange)
            assert rules.on_tick(floor, exchange) and rules.on_tick(ceiling, exchange)
            assert floor < reference < ceiling
            assert ceiling <= reference * (1 + band) + 1e-9
            assert floor >= reference * (1 - band) - 1e-9
            # one more tick would leave the band
            assert ceiling + rules.tick_size(ceiling, exchange) > reference * (1 + band)
            assert floor - rules.tick_size(floor - 1, exchange) < reference * (1 - band)


@pytest.mark.parametrize(
    ("quantity", "kind"), [(1, "ODD"), (99, "ODD"), (100, "EVEN"), (2_500, "EVEN")]
)
def test_lots(quantity: int, kind: str) -> None:
    assert rules.lot(quantity) == kind


@pytest.mark.parametrize("quantity", [0, -100, 150, 101, 1.5, True, "100"])
def test_bad_lots(quantity: object) -> None:
    with pytest.raises(ValueError, match="quantity"):
        rules.lot(quantity)  # type: ignore[arg-type]


def test_a_mixed_quantity_says_how_to_split_it() -> None:
    with pytest.raises(ValueError, match="split it into 100 and 50"):
        rules.lot(150)
