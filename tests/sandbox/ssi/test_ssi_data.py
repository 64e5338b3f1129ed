"""FCData on the wire (reference §2.1, §2.2, §7 items 9–11): its token, the reference lists,
the price series with DailyOhlc's 30-day cap and paging, both answer dialects, and the
agreement of its bars with Finhay's ``price-histories-chart`` for the same symbol and days."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from vnfin.sandbox import Sandbox

from .conftest import MARKET, claims

Wire = Any  # the conftest's SSI


def test_the_data_token(ssi: Wire, sb: Sandbox) -> None:
    assert claims(ssi.data_token)["aud"] == "FCData"
    body = {"consumerID": sb.ssi_data_consumer_id, "consumerSecret": "nope"}
    r = ssi.client.post(f"{MARKET}/AccessToken", json=body)
    assert ssi.refused(r)["message"] == "ConsumerSecret is invalid"
    ssi.data_token = ""
    assert ssi.refused(ssi.data("IndexList"), 401)


def test_securities_and_their_details(ssi: Wire) -> None:
    r = ssi.data("Securities", market="hnx", pageIndex=1, pageSize=20)
    rows = ssi.ok(r)
    assert r.json()["totalRecord"] == 37 and len(rows) == 20
    assert set(rows[0]) == {"Market", "Symbol", "StockName", "StockEnName"}
    assert {row["Market"] for row in rows} == {"HNX"}
    assert ssi.ok(ssi.data("Securities", market="DER")) == []
    assert ssi.refused(ssi.data("Securities", pageSize=30))["message"].startswith("pageSize")
    assert ssi.refused(ssi.data("Securities", pageIndex=11))

    def detail(symbol: str) -> dict[str, Any]:
        [record] = ssi.ok(ssi.data("SecuritiesDetails", symbol=symbol))
        assert (record["RType"], record["TotalNoSym"]) == ("y", "1")
        [info] = record["RepeatedInfo"]
        return dict(info)

    vnm, etf, shs = detail("vnm"), detail("E1VFVN30"), detail("SHS")
    assert (vnm["SecType"], vnm["LotSize"], vnm["MarketId"]) == ("ST", "100", "HOSE")
    ticks = [(vnm[f"TickPrice{i}"], vnm[f"TickIncrement{i}"]) for i in (1, 2, 3, 4)]
    assert ticks == [("0", "10"), ("10000", "50"), ("50000", "100"), (None, None)]
    assert (etf["SecType"], etf["TickIncrement1"], etf["TickPrice2"]) == ("EF", "10", None)
    assert (shs["TickPrice1"], shs["TickIncrement1"], shs["TickIncrement2"]) == ("0", "100", None)
    assert len(vnm["Isin"]) == 12 and vnm["Isin"].startswith("VN")


def test_indices(ssi: Wire, sb: Sandbox) -> None:
    listed = ssi.ok(ssi.data("IndexList", exchange="HOSE"))
    assert [i["IndexCode"] for i in listed] == ["VNINDEX", "VN30"]
    r = ssi.data("IndexComponents", indexCode="vn30", pageIndex=2, pageSize=20)
    [record] = ssi.ok(r)
    assert (record["IndexCode"], record["TotalSymbolNo"], r.json()["totalRecord"]) == (
        "VN30",
        "30",
        30,
    )
    members = sb.engine.indices["VN30"].members
    assert [c["StockSymbol"] for c in record["IndexComponent"]] == list(members[20:30])
    assert ssi.ok(ssi.data("IndexComponents", indexCode="VN100")) == []


def test_daily_ohlc_is_capped_at_30_days(ssi: Wire) -> None:
    ok = ssi.data("DailyOhlc", symbol="VNM", fromDate="21/10/2026", toDate="20/11/2026")
    assert ssi.ok(ok)
    too_long = ssi.data("DailyOhlc", symbol="VNM", fromDate="20/10/2026", toDate="20/11/2026")
    refusal = ssi.refused(too_long)
    assert refusal["message"].startswith("The date range must not exceed 30 days")
    assert refusal["data"] is None
    assert ssi.refused(
        ssi.data("DailyOhlc", symbol="VNM", fromDate="2026-11-01", toDate="20/11/2026")
    )
    missing = ssi.refused(ssi.data("DailyOhlc", symbol="VNM", toDate="20/11/2026"))
    assert missing["message"] == "'From Date' must not be empty; FromDate is required."


def test_daily_ohlc_pages_and_orders(ssi: Wire) -> None:
    span = {"symbol": "vnm", "fromDate": "21/10/2026", "toDate": "20/11/2026"}
    r = ssi.data("DailyOhlc", **span, pageIndex=1, pageSize=10, ascending="True")
    first = ssi.ok(r)
    total = r.json()["totalRecord"]
    assert total == 23 and len(first) == 10  # the trading days of those 31 days
    assert first[0]["TradingDate"] == "21/10/2026"
    pages = [
        ssi.ok(ssi.data("DailyOhlc", **span, pageIndex=i, pageSize=10, ascending="true"))
        for i in (1, 2, 3, 4)
    ]
    assert [len(p) for p in pages] == [10, 10, 3, 0]
    dates = [row["TradingDate"] for p in pages for row in p]
    assert dates == sorted(dates, key=lambda d: d[6:] + d[3:5] + d[:2]) and len(set(dates)) == 23
    newest = ssi.ok(ssi.data("DailyOhlc", **span, pageSize=50, ascending="False"))
    assert [row["TradingDate"] for row in newest] == dates[::-1]
    assert ssi.ok(ssi.data("DailyOhlc", **span, pageSize=50)) == newest  # default: newest first
    row = newest[0]
    assert set(row) == {
        *("Symbol", "Market", "TradingDate", "Time", "Open", "High"),
        *("Low", "Close", "Volume", "Value"),
    }
    assert (row["Symbol"], row["Market"], row["TradingDate"]) == ("VNM", "HOSE", "20/11/2026")
    assert all(isinstance(row[k], str) for k in ("Open", "Close", "Volume", "Value"))
    assert ssi.refused(ssi.data("DailyOhlc", **span, ascending="yes"))
    assert ssi.ok(ssi.data("DailyOhlc", **{**span, "symbol": "NOPE"})) == []


def test_daily_ohlc_agrees_with_finhay(ssi: Wire, sb: Sandbox) -> None:
    start, end = dt.date(2026, 10, 21), dt.date(2026, 11, 20)
    params = {"fromDate": f"{start:%d/%m/%Y}", "toDate": f"{end:%d/%m/%Y}", "pageSize": 50}
    for symbol in ("VNM", "SHS", "VN30"):
        rows = ssi.ok(ssi.data("DailyOhlc", symbol=symbol, ascending="true", **params))
        utc = dt.UTC
        frm = int(dt.datetime(start.year, start.month, start.day, tzinfo=utc).timestamp())
        to = int(dt.datetime(end.year, end.month, end.day, tzinfo=utc).timestamp())
        with httpx.Client(transport=sb.transport, base_url="http://x") as fh:
            r = fh.get(
                "/market/price-histories-chart",
                params={"symbol": symbol, "resolution": "1D", "from": frm, "to": to},
                headers={"X-FH-APIKEY": sb.api_key},
            )
        bars = r.json()["data"]
        days = [dt.datetime.fromtimestamp(t, utc).strftime("%d/%m/%Y") for t in bars["time"]]
        assert [row["TradingDate"] for row in rows] == days
        for key in ("open", "high", "low", "close", "volume"):
            assert [float(row[key.title()]) for row in rows] == [float(v) for v in bars[key]], key


def test_intraday_bars(ssi: Wire, sb: Sandbox) -> None:
    span = {"symbol": "VNM", "fromDate": "20/11/2026", "toDate": "20/11/2026"}
    minutes = ssi.ok(ssi.data("IntradayOhlc", **span, ascending="True", pageSize=1000))
    assert minutes[0]["Time"] == "09:00:00" and minutes[-1]["Time"] == "10:30:00"
    assert set(minutes[0]) == {
        *("Symbol", "Value", "TradingDate", "Time", "Open", "High"),
        *("Low", "Close", "Volume"),
    }
    halves = ssi.ok(ssi.data("IntradayOhlc", **span, resolution=30, ascending="true"))
    assert [b["Time"] for b in halves] == ["09:00:00", "09:30:00", "10:00:00", "10:30:00"]
    assert sum(int(b["Volume"]) for b in halves) == sum(int(m["Volume"]) for m in minutes)
    [day] = ssi.ok(ssi.data("DailyOhlc", **span))
    assert int(day["Volume"]) == sum(int(m["Volume"]) for m in minutes)
    assert day["Close"] == minutes[-1]["Close"]
    assert ssi.refused(ssi.data("IntradayOhlc", **span, resolution=0))


def test_daily_index(ssi: Wire, sb: Sandbox) -> None:
    span = {"fromDate": "16/11/2026", "toDate": "20/11/2026"}
    rows = ssi.ok(ssi.data("DailyIndex", indexId="VN30", **span, pageSize=10))
    assert [r["TradingDate"] for r in rows] == [f"{d}/11/2026" for d in (20, 19, 18, 17, 16)]
    today, yesterday = rows[0], rows[1]
    assert float(today["Change"]) == pytest.approx(
        float(today["IndexValue"]) - float(yesterday["IndexValue"]), abs=0.011
    )
    counts = sum(int(today[k]) for k in ("Advances", "NoChanges", "Declines"))
    assert counts == 30 and today["TradingSession"] == "LO" and yesterday["TradingSession"] == "C"
    same = ssi.ok(ssi.data("DailyIndex", indexCode="vn30", order="asc", **span))
    assert same == rows[::-1]
    assert ssi.refused(ssi.data("DailyIndex", indexId="VN30", order="up", **span))


def test_daily_stock_price(ssi: Wire, sb: Sandbox) -> None:
    span = {"fromDate": "19/11/2026", "toDate": "20/11/2026"}
    today, yesterday = ssi.ok(ssi.data("DailyStockPrice", symbol="VNM", **span))
    assert (today["RefPrice"], today["CeilingPrice"], today["FloorPrice"]) == (
        "68600",
        "73400",
        "63800",
    )
    assert today["RefPrice"] == yesterday["ClosePrice"]
    assert int(today["PriceChange"]) == int(today["ClosePrice"]) - 68_600
    r = ssi.data("DailyStockPrice", market="UPCOM", pageSize=20, **span)
    assert r.json()["totalRecord"] == 2 * 27
    rows = ssi.ok(r)
    assert {row["TradingDate"] for row in rows} == {"20/11/2026"}
    assert ssi.refused(ssi.data("DailyStockPrice", pageSize=500, **span))


def test_the_legacy_dialect(ssi: Wire, sb: Sandbox) -> None:
    sb.ssi_app.data_shape = "legacy"
    r = ssi.data("DailyOhlc", symbol="VNM", fromDate="19/11/2026", toDate="20/11/2026")
    body = r.json()
    assert r.status_code == 200 and body["status"] == "SUCCESS" and "data" not in body
    assert body["totalRecord"] == 2
    row = body["dataList"][0]
    assert set(row) == {
        *("symbol", "market", "tradingdate", "time", "open", "high"),
        *("low", "close", "volume", "value"),
    }
    assert isinstance(row["close"], int) and row["tradingdate"] == "20/11/2026"
    [record] = ssi.data("SecuritiesDetails", symbol="VNM").json()["dataList"]
    assert record["repeatedinfo"][0]["tickincrement2"] == 50
    with pytest.raises(ValueError, match="data_shape"):
        sb.ssi_app.data_shape = "camel"
