"""SSI's and DNSE's history with the store: the same bars as a plain fetch, nothing asked for
again, only the new days when the range grows, each broker in its own partition."""

from __future__ import annotations

from typing import Any

import pytest

from vnfin.sandbox import Sandbox
from vnfin.store import Store


@pytest.fixture(params=["ssi", "dnse"])
def client(request: pytest.FixtureRequest, sb: Sandbox) -> Any:
    return sb.ssi() if request.param == "ssi" else sb.dnse()


def test_stored_history_equals_plain_history(
    client: Any, sb: Sandbox, store: Store, same: Any
) -> None:
    plain = client.market.history(["VNM", "FPT"], "2026-08-03", "2026-10-30")
    stored = client.market.history(["VNM", "FPT"], "2026-08-03", "2026-10-30", store=store)
    assert len(plain) > 100
    same(stored, plain)
    seen = sb.requests_seen
    again = client.market.history(["VNM", "FPT"], "2026-08-03", "2026-10-30", store=store)
    assert sb.requests_seen == seen
    same(again, plain)
    one = client.market.history("VNM", "2026-09-01", "2026-09-30", store=store)
    assert sb.requests_seen == seen
    same(one, client.market.history("VNM", "2026-09-01", "2026-09-30"))


def test_growing_the_range_fetches_only_the_new_days(
    client: Any, sb: Sandbox, store: Store, same: Any
) -> None:
    client.market.history("VNM", "2026-09-01", "2026-09-30", store=store)
    seen = sb.requests_seen
    wider = client.market.history("VNM", "2026-09-01", "2026-10-20", store=store)
    # one window (SSI: one page of DailyOhlc) for 1–20 October
    assert sb.requests_seen - seen == 1
    same(wider, client.market.history("VNM", "2026-09-01", "2026-10-20"))


def test_each_broker_has_its_partition(client: Any, store: Store) -> None:
    got = client.market.history("VNM", "2026-10-01", "2026-10-30", store=store)
    [(source, resolution, symbol)] = list(store.coverage().index)
    assert (source, resolution, symbol) == (got.attrs["source"] + "-sandbox", "1D", "VNM")
    assert source in ("ssi-sandbox", "dnse-sandbox")
    assert store.read("VNM").attrs["source"] == source


def test_dnse_weekly_bars_are_not_stored(sb: Sandbox, store: Store) -> None:
    from vnfin.errors import ValidationError

    with pytest.raises(ValidationError, match="bars span several days"):
        sb.dnse().market.history("VNM", "2026-09-01", "2026-10-30", "W", store=store)


def test_intraday_history_is_stored_too(client: Any, sb: Sandbox, store: Store, same: Any) -> None:
    plain = client.market.history("VNM", "2026-11-16", "2026-11-20", "5")
    stored = client.market.history("VNM", "2026-11-16", "2026-11-20", "5", store=store)
    assert len(plain) > 100
    same(stored, plain)
    seen = sb.requests_seen
    again = client.market.history("VNM", "2026-11-17", "2026-11-19", "5", store=store)
    assert sb.requests_seen == seen
    same(again, client.market.history("VNM", "2026-11-17", "2026-11-19", "5"))
    [(_, resolution, _)] = list(store.coverage().index)
    assert resolution == "5"
