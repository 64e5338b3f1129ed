"""Corporate events, global news and analyst reports (reference §2.4)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx

from vnfin.rules import on_tick
from vnfin.sandbox import Sandbox

TODAY = dt.date(2026, 11, 20)  # conftest pins the market at 2026-11-20 10:30
FD = "/market/financial-data"
STATEMENT = "/market/v2/financial-statement/statement"
Data = Callable[..., Any]  # the `data` fixture: the payload of a successful GET
Refused = Callable[..., str]  # the `refused` fixture: the message of a 400


def test_corporate_events(data: Data, refused: Refused) -> None:
    events = data("/market/news", "result", stock="VNM")
    fields = {
        "id",
        "path",
        "title",
        "stock",
        "body",
        "createdDate",
        "actionDate",
        "gdkhqDate",
        "eventType",
        "eventTypeName",
        "createdAt",
        "updatedAt",
        "url",
    }
    assert events and all(set(e) == fields and e["stock"] == "VNM" for e in events)
    for e in events:
        assert re.fullmatch(r"\d{2}/\d{2} - \d{2}:\d{2}", e["createdDate"])
        created = dt.datetime.fromisoformat(e["createdAt"])
        assert TODAY - dt.timedelta(days=366) <= created.date() <= TODAY
        assert dt.date.fromisoformat(e["gdkhqDate"]) < dt.date.fromisoformat(e["actionDate"])
        assert dt.datetime.fromisoformat(e["updatedAt"]) >= created
    assert [e["createdAt"] for e in events] == sorted(
        (e["createdAt"] for e in events), reverse=True
    )
    everyone = data("/market/news", "result")
    kinds = Counter(e["eventType"] for e in everyone)
    assert {"AGM", "DIV", "STOCKDIV", "RIGHTS"} <= set(kinds)
    assert any(dt.date.fromisoformat(e["actionDate"]) > TODAY for e in everyone)
    for e in everyone:
        if e["eventType"] == "DIV":
            assert re.search(r"\d[\d.]* đồng/CP$", e["title"])
    pair = data("/market/news", "result", stocks="FPT, hpg,NOPE")
    assert {e["stock"] for e in pair} == {"FPT", "HPG"}
    window = data("/market/news", "result", from_date="01/01/2026", to_date="30/06/2026")
    assert window and all("2026-01-01" <= e["createdAt"][:10] <= "2026-06-30" for e in window)
    only_to = data("/market/news", "result", stock="VNM", to_date="01/01/2000")
    assert only_to == events  # to_date alone is ignored
    assert data("/market/news", "result", stock="NOPE") == []
    refused("/market/news", from_date="2026-01-01")
    refused("/market/news", from_date="31/02/2026", to_date="01/03/2026")


def test_cash_dividend_matches_the_cash_flow(data: Data, sandbox: Sandbox) -> None:
    events = data("/market/news", "result", stock="VNM", from_date="01/01/2024")
    dividends = {e["createdAt"][:4]: e for e in events if e["eventType"] == "DIV"}
    quarters = data(STATEMENT, symbol="VNM", type="cash-flow", period="quarterly")
    q3 = next(q for q in quarters if q["quarter"] == 3)
    per_share = (
        round(-q3["cotucloinhuandatrachochusohuu"] / sandbox.engine.instruments["VNM"].shares / 100)
        * 100
    )
    title = dividends[str(q3["year"])]["title"]
    assert title.endswith(f"{per_share:,}".replace(",", ".") + " đồng/CP")


def test_global_news_pages(data: Data, refused: Refused, client: httpx.Client) -> None:
    first = data(f"{FD}/global-news", page_size=7)
    total = first["total"]
    assert total == 120 and first["current_page"] == 1 and first["previous_page"] is None
    seen: list[int] = []
    page = 1
    while True:
        got = data(f"{FD}/global-news", page=page, page_size=7)
        assert got["page_total"] == len(got["results"]) and got["current_page"] == page
        seen += [x["id"] for x in got["results"]]
        if got["next_page"] is None:
            break
        assert got["next_page"] == page + 1
        page += 1
    assert len(seen) == len(set(seen)) == total
    stamps = [x["published_at"] for x in data(f"{FD}/global-news", page_size=50)["results"]]
    assert stamps == sorted(stamps, reverse=True) and stamps[0] <= "2026-11-20T03:30:00Z"
    crypto = data(f"{FD}/global-news", category="cryptocurrency", page_size=50)
    assert crypto["total"] == 24 and {x["category"] for x in crypto["results"]} == {
        "cryptocurrency"
    }
    beyond = data(f"{FD}/global-news", page=99)
    assert beyond["results"] == [] and beyond["next_page"] is None
    detail = data(f"{FD}/global-news/{seen[3]}")
    assert detail["id"] == seen[3] and isinstance(detail["content"], str)
    r = client.get(f"{FD}/global-news/12345")
    assert r.status_code == 404
    assert {k: r.json()[k] for k in ("error_code", "message", "data")} == {
        "error_code": "404",
        "message": "Global news not found",
        "data": None,
    }
    for bad in ({"page": 0}, {"page_size": 51}, {"page_size": 0}, {"category": "Forex"}):
        refused(f"{FD}/global-news", **bad)


def test_recommendations_are_polymorphic(sandbox: Sandbox, data: Data, refused: Refused) -> None:
    engine = sandbox.engine
    stocks = [s for s, i in engine.instruments.items() if i.stock_type == "STOCK"]
    shapes: Counter[str] = Counter()
    for symbol in stocks:
        payload = data(f"/market/recommendation-reports/{symbol}")
        if payload == []:
            shapes["empty"] += 1
            continue
        shapes["object"] += 1
        assert set(payload) == {"recommendation", "recommendationReports"}
        reports = payload["recommendationReports"]
        assert payload["recommendation"] == reports[0]["description"]
        stamps = [r["publish_date"] for r in reports]
        assert stamps == sorted(stamps, reverse=True) and stamps[0] <= "2026-11-20T03:30:00Z"
        for report in reports:
            assert report["stock"] == symbol and report["recommendation_price"] is None
            assert on_tick(report["target_price"], engine.instruments[symbol].exchange)
        if shapes["object"] <= 5:  # target = close of the publication day x (1 + upside)
            report = reports[-1]
            day = dt.datetime.fromisoformat(report["publish_date"].replace("Z", "+00:00"))
            bars = data(
                "/market/price-histories-chart",
                symbol=symbol,
                resolution="1D",
                **{"from": int(day.timestamp()) - 7 * 86400, "to": int(day.timestamp())},
            )
            upside = report["target_price"] / bars["close"][-1] - 1
            assert f"{abs(upside) * 100:.0f}% tới giá mục tiêu" in report["description"]
    assert shapes["empty"] > 30 and shapes["object"] > 30
    assert data("/market/recommendation-reports/E1VFVN30") == []
    assert refused("/market/recommendation-reports/NOPE") == "Invalid symbol"
