"""Gold, silver, crypto, bank rates and the all-in-one endpoint (reference §2.6, §2.7): units
and the rules that tie the endpoints together."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from itertools import pairwise
from typing import Any

import pytest

from vnfin.sandbox import Sandbox

TODAY = dt.date(2026, 11, 20)  # conftest pins the market at 2026-11-20 10:30
FD = "/market/financial-data"
Data = Callable[..., Any]  # the `data` fixture: the payload of a successful GET


def test_metal_charts_end_at_the_spot_quotes(data: Data) -> None:
    for metal, product in (("gold", "SJC_GOLD"), ("silver", "SILVER_PNJ")):
        spot = {x["index"]: x for x in data(f"{FD}/{metal}")}
        world = spot[f"GLOBAL_{metal.upper()}"]
        chart = data(f"{FD}/{metal}-chart")
        assert len(chart) == 30 and chart[-1]["date"] == TODAY.isoformat()
        days = [dt.date.fromisoformat(p["date"]) for p in chart]
        assert all((b - a).days == 1 for a, b in pairwise(days))
        assert chart[-1][f"{metal}_bar"] == round(spot[product]["sell_value"] / 10_000, 1)
        assert chart[-1][f"{metal}_global"] == pytest.approx(world["vnd_value"] / 10_000, abs=0.11)
        assert world["usd_value"] == spot[product]["usd_value"]
        assert len(data(f"{FD}/{metal}-chart", days=7)) == 7
        assert len(data(f"{FD}/{metal}-chart", days="abc")) == 30
        assert len(data(f"{FD}/{metal}-chart", days=-3)) == 30
    sjc = data(f"{FD}/gold")[0]
    assert 50_000_000 < sjc["sell_value"] < 150_000_000 and sjc["buy_value"] < sjc["sell_value"]
    assert sjc["vnd_value"] == sjc["sell_value"] and sjc["date"] == TODAY.isoformat()
    gold_close = data(f"{FD}/market", type="GOLD", limit=1)[0]["value"]
    assert sjc["usd_value"] == gold_close
    silver = data(f"{FD}/silver")[0]
    assert 500_000 < silver["sell_value"] < 2_000_000
    providers = data(f"{FD}/gold-providers")
    metals = data(f"{FD}/metal-providers")
    assert {"SJC_GOLD", "PNJ_GOLD", "DOJI_9999_GOLD_RING"} <= {x["index"] for x in providers}
    assert providers == metals[: len(providers)] and len(metals) > len(providers)
    assert next(x for x in providers if x["index"] == "DOJI_9999_GOLD_RING")["name"] == (
        "Vàng nhẫn DOJI"
    )


def test_financial_data_matches_the_specific_endpoints(data: Data) -> None:
    groups = {g["financial_type"]: g for g in data(FD)}
    assert set(groups) == {
        "GOLD",
        "SILVER",
        "CRYPTO",
        "BANK_INTEREST_RATE",
        "USD_EXCHANGE_RATE",
        "US_INDEX",
    }
    for group in groups.values():
        assert set(group) == {"financial_type", "name", "values", "last_updated"}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", group["last_updated"])
        for row in group["values"]:
            assert {"index", "name", "description", "icon_url", "value_type"} <= set(row)
            extra = (
                {"buy_value", "sell_value"}
                if row["value_type"] == "BUY_SELL"
                else {"value", "change", "change_percent"}
            )
            assert set(row) == {"index", "name", "description", "icon_url", "value_type", *extra}
    spot = {x["index"]: x for x in data(f"{FD}/metal-providers")}
    gold = {r["index"]: r for r in groups["GOLD"]["values"]}
    assert gold["SJC_GOLD_BAR"]["description"] == "Đơn vị: 1.000đ/chỉ"
    assert gold["SJC_GOLD_BAR"]["sell_value"] * 10_000 == spot["SJC_GOLD"]["sell_value"]
    assert gold["SJC_GOLD_BAR"]["buy_value"] * 10_000 == spot["SJC_GOLD"]["buy_value"]
    assert (
        gold["PNJ_9999_GOLD_RING"]["sell_value"] * 10_000
        == spot["PNJ_9999_GOLD_RING"]["sell_value"]
    )
    silver = {r["index"]: r for r in groups["SILVER"]["values"]}
    assert silver["SILVER_PNJ"]["sell_value"] == pytest.approx(
        spot["SILVER_PNJ"]["sell_value"] / 10_000
    )
    usd = {r["index"]: r for r in groups["USD_EXCHANGE_RATE"]["values"]}
    vcb = usd["USD_VND_EXCHANGE_RATE"]
    assert vcb["name"] == "Vietcombank" and vcb["description"] == "Giao dịch tiền mặt"
    assert 20_000 < vcb["buy_value"] < vcb["sell_value"] < 30_000
    coins = {c["symbol"]: c for c in data(f"{FD}/cryptos/top-trending")}
    for row in groups["CRYPTO"]["values"]:
        coin = coins[row["name"]]
        assert row["value"] == coin["price"] and row["value_type"] == "SINGLE"
        assert row["change_percent"] == pytest.approx(coin["percent_change_24h"], abs=0.006)
    closes = {r["index"]: r for r in groups["US_INDEX"]["values"]}
    sp = data(f"{FD}/market", type="SP500", limit=2)
    assert closes["SP_500"]["value"] == sp[0]["value"]
    assert closes["SP_500"]["change"] == pytest.approx(sp[0]["value"] - sp[1]["value"], abs=1e-3)
    twelve = {
        r["bank"]: r["rate"] for r in data(f"{FD}/bank-interest-rates") if r["term"] == "12 tháng"
    }
    assert {r["name"]: r["value"] for r in groups["BANK_INTEREST_RATE"]["values"]} == twelve


def test_top_trending_crypto(data: Data) -> None:
    coins = data(f"{FD}/cryptos/top-trending")
    btc = next(c for c in coins if c["symbol"] == "BTC")
    assert 20_000 < btc["price"] < 400_000 and btc["market_cap"] == round(btc["price"] * 19_950_000)
    whole, _, cents = btc["formatted_price"].partition(",")
    assert len(cents) == 2 and int(whole.replace(".", "")) == int(btc["price"])


def test_bank_rate_shapes(sandbox: Sandbox, data: Data) -> None:
    records = data(f"{FD}/bank-interest-rates")
    assert all(set(r) == {"bank", "term", "rate", "updated_at"} for r in records)
    assert all(0 < r["rate"] < 10 for r in records)
    public = sandbox.finhay_app.public
    public.bank_rates_shape = "nested"
    nested = data(f"{FD}/bank-interest-rates")
    assert set(nested) == {"updated_at", "banks"}
    vcb = next(b for b in nested["banks"] if b["bank"] == "Vietcombank")
    assert vcb["rates"]["12M"] == next(
        r["rate"] for r in records if r["bank"] == "Vietcombank" and r["term"] == "12 tháng"
    )
    public.bank_rates_shape = "empty"
    assert data(f"{FD}/bank-interest-rates") == {}
    public.bank_rates_shape = "records"
    assert data(f"{FD}/bank-interest-rates") == records
