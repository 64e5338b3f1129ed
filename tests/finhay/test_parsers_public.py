"""Every documented example response of the public datasets (reference §2.3–§2.8, seed 002)
as a parser fixture, with asserted columns and values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from vnfin._parse import flatten
from vnfin.errors import APIError
from vnfin.finhay.parsers import commodities, fundamentals, funds, macro, news

VN = "Asia/Ho_Chi_Minh"


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=VN)


# -- §2.3 fundamentals -------------------------------------------------------------------

OVERVIEW = {
    "pe": 16.8,
    "pb": 4.2,
    "ev_ebitda": 12.3,
    "industry": {"pe": 18.1, "pb": 3.6, "ev_ebitda": 13},
    "gross_margin": 0.42,
    "roe": 0.25,
    "eps": 4300,
    "dividend_yield": 0.055,
    "nim": None,
    "margin_loan_to_equity_ratio": None,
    "roa": 0.16,
}


def test_overview_side_by_side() -> None:
    f = fundamentals.overview(OVERVIEW)
    assert list(f.columns) == ["company", "industry"]
    assert list(f.index) == [
        "pe",
        "pb",
        "ev_ebitda",
        "gross_margin",
        "roe",
        "roa",
        "eps",
        "dividend_yield",
        "nim",
        "margin_loan_to_equity_ratio",
    ]
    assert f.loc["pe"].tolist() == [16.8, 18.1]
    assert f.loc["ev_ebitda", "industry"] == 13.0
    assert math.isnan(f.loc["roe", "industry"])
    assert math.isnan(f.loc["nim", "company"])  # null stays missing, never 0
    assert f.loc["eps", "company"] == 4300.0


ANALYSIS = {
    "year": 2025,
    "quarter": 4,
    "pe": None,
    "pb": 4.31317,
    "roa": None,
    "roe": None,
    "eps": None,
    "ebit": 3566980066852,
    "ebitda": 4108719059869,
    "bienlaigop": 0.404497,
    "bienlaiebitda": 0.241213,
    "bienlaisauthue": 0.165978,
    "lnst_yoy": 0.316942,
    "lnst_qoq": 0.126135,
    "dtt_qoq": 0.004738,
    "tt_dtt_yoy": 0.100567,
    "nophaitra_vcsh": 0.546047,
    "novay_vonchu": 0.274241,
    "thanhtoan_hienhanh": 1.957917,
    "thanhtoan_nhanh": 1.575433,
    "thanhtoan_tienmat": 0.096914,
    "bvps": 14189.099355,
    "lnwpershare": 4529.851333,
    "bookvalue": 29654585456641,
    "ev": 113837320151135,
    "vonhoa": 127905273234000,
}


def test_ratios_keep_every_code() -> None:
    older = {**ANALYSIS, "quarter": 3, "pb": 4.0, "some_new_code": 1.5}
    f = fundamentals.ratios([older, ANALYSIS])
    assert list(f.columns) == ["2025Q4", "2025Q3"]
    assert f.index.name == "metric" and f.columns.name == "period"
    assert len(f) == len(ANALYSIS) - 2 + 1  # every metric code, plus the extra one
    assert f.loc["pb", "2025Q4"] == 4.31317
    assert f.loc["vonhoa", "2025Q4"] == 127905273234000.0
    assert math.isnan(f.loc["pe", "2025Q4"])
    assert f.loc["some_new_code", "2025Q3"] == 1.5
    assert math.isnan(f.loc["some_new_code", "2025Q4"])
    assert f.index[0] == "pe" and f.index[-1] == "some_new_code"  # known codes first


CASH_FLOW = {
    "year": 2025,
    "quarter": 4,
    "loinhuanlotruocthue": 3476999882086,
    "khauhaotaisancodinh": 541738993017,
    "chiphilaivay": 89980184766,
    "loinhuanlotuhoatdongkinhdoanhtruocthaydoivonluudong": 3875782613126,
    "tanggiamhangtonkho": -696279778126,
    "thuethunhapdoanhnghiepdanop": -367025679910,
    "luuchuyentienthuantuhoatdongkinhdoanh": 1738942804862,
    "tienchidemuasamxaydungtaisancodinh": -345651260618,
    "luuchuyentienthuantuhoatdongdautu": -273822901641,
    "tienvaynganhandaihannhanduoc": 6403017072055,
    "tienchitranogocvay": -5218255024631,
    "cotucloinhuandatrachochusohuu": -6007520145910,
    "luuchuyentienthuantusudungvaohoatdongtaichinh": -4822758098486,
    "luuchuyentienthuantrongnam": -3357638195265,
    "tienvatuongduongtiendaunam": 5154466367051,
    "anhhuongcuathaydoitygiahoidoaiquydoingoaite": -1948452915,
    "tienvatuongduongtiencuoinam": 1794879718871,
}


def long_rows(wide: list[dict[str, object]]) -> list[dict[str, object]]:
    out = []
    for row in wide:
        for code, value in row.items():
            if code not in ("year", "quarter"):
                out.append(
                    {
                        "symbol": "VNM",
                        "metricCode": code,
                        "metricValue": value,
                        "timeType": "QUARTER" if row.get("quarter") else "YEAR",
                        "year": row["year"],
                        "quarter": row.get("quarter", 0),
                    }
                )
    return out


def test_statement_wide_example() -> None:
    f = fundamentals.statement([CASH_FLOW], "cash-flow")
    assert list(f.columns) == ["2025Q4"]
    assert len(f) == 17
    assert f.loc["tienvatuongduongtiencuoinam", "2025Q4"] == 1794879718871.0
    assert f.loc["tanggiamhangtonkho", "2025Q4"] == -696279778126.0
    assert str(f["2025Q4"].dtype) == "float64"


@pytest.mark.parametrize("period", ["quarterly", "annual"])
def test_statement_wide_and_long_give_the_identical_frame(period: str) -> None:
    rows = []
    for i, year in enumerate((2025, 2024, 2023)):
        row = {
            k: (v * (1 + i / 10) if isinstance(v, int) and k != "year" and k != "quarter" else v)
            for k, v in CASH_FLOW.items()
        }
        row["year"] = year
        if period == "annual":
            row.pop("quarter")
        rows.append(row)
    rows[1]["tanggiamhangtonkho"] = None
    rows[2]["extra_code"] = 7
    wide = fundamentals.statement(list(reversed(rows)), "cash-flow")
    long = fundamentals.statement(long_rows(rows), "cash-flow")
    pd.testing.assert_frame_equal(wide, long)
    expected = ["2025Q4", "2024Q4", "2023Q4"] if period == "quarterly" else ["2025", "2024", "2023"]
    assert list(wide.columns) == expected
    assert math.isnan(wide.loc["tanggiamhangtonkho", expected[1]])


def test_statement_labels() -> None:
    f = fundamentals.with_labels(
        fundamentals.statement([CASH_FLOW], "cash-flow"),
        {"tienvatuongduongtiencuoinam": "Cash at end of period"},
    )
    assert "Cash at end of period" in f.index
    assert "khauhaotaisancodinh" in f.index


@pytest.mark.parametrize(
    "payload",
    [
        "text",
        [{"year": "soon", "x": 1}],
        [{"metricCode": None, "year": 2025}],
        [{"year": 2025, "quarter": 9}],
        {"year": 1},
    ],
)
def test_periodic_shape_errors(payload: object) -> None:
    with pytest.raises(APIError):
        fundamentals.ratios(payload)


# -- §2.4 news ---------------------------------------------------------------------------

EVENT = {
    "id": 98765,
    "title": "VNM: Trả cổ tức đợt 2/2023 bằng tiền, 1.500 đồng/CP",
    "stock": "VNM",
    "createdDate": "15/07 - 08:30",
    "actionDate": "2024-08-30",
    "gdkhqDate": "2024-07-25",
    "eventType": "DIV",
    "eventTypeName": "Cổ tức bằng tiền",
    "url": "https://example.invalid/e",
}


def test_events_example() -> None:
    f = news.events(
        [
            EVENT,
            {
                **EVENT,
                "id": None,
                "actionDate": "30/09/2024",
                "gdkhqDate": None,
                "newField": "kept",
            },
        ]
    )
    assert list(f.columns[:8]) == [
        "id",
        "symbol",
        "event_type",
        "event_type_name",
        "title",
        "action_date",
        "ex_date",
        "created",
    ]
    assert f.loc[0, "action_date"] == ts("2024-08-30")
    assert f.loc[1, "action_date"] == ts("2024-09-30")  # DD/MM/YYYY handled
    assert f.loc[0, "ex_date"] == ts("2024-07-25") and pd.isna(f.loc[1, "ex_date"])
    assert f.loc[0, "created"] == "15/07 - 08:30"
    assert str(f["id"].dtype) == "Int64" and pd.isna(f.loc[1, "id"])
    assert f.loc[1, "new_field"] == "kept"


def test_events_empty() -> None:
    f = news.events([])
    assert f.empty and "action_date" in f.columns


NEWS_PAGE = {
    "results": [
        {
            "id": 12,
            "title": "Fed signals rate hold at next meeting",
            "url": "https://example.com/news/fed-rate-hold",
            "description": "Fed officials signaled the federal funds rate will likely remain "
            "unchanged…",
            "provider": "Reuters",
            "published_at": "2026-04-22T08:30:00Z",
            "category": "economic-indicators",
        }
    ],
    "page_total": 20,
    "total": 1234,
    "current_page": 1,
    "next_page": 2,
    "previous_page": None,
}


def test_global_news_page_example() -> None:
    f, paging = news.news_page(NEWS_PAGE)
    assert paging["total"] == 1234 and paging["next_page"] == 2
    assert list(f.columns) == [
        "id",
        "published_at",
        "category",
        "title",
        "description",
        "provider",
        "url",
    ]
    assert f.loc[0, "published_at"] == pd.Timestamp("2026-04-22 15:30", tz=VN)
    assert f.loc[0, "provider"] == "Reuters"


def test_article_has_content() -> None:
    item = {**NEWS_PAGE["results"][0], "content": "Full text"}  # type: ignore[index]
    f = news.article(item)
    assert len(f) == 1 and f.loc[0, "content"] == "Full text"


RECOMMENDATION = {
    "recommendation": "Mua — upside 15% tới giá mục tiêu 85.000đ.",
    "recommendationReports": [
        {
            "stock": "VNM",
            "title": "VNM — Update Q1 2024",
            "source": "VietStock",
            "recommendation_price": None,
            "target_price": 85000,
            "publish_date": "2024-04-10T09:00:00Z",
            "description": "Mua — upside 15% tới giá mục tiêu 85.000đ.",
            "download_url": "https://vietstock.vn/reports/vnm-q1-2024.pdf",
            "created_at": "2024-04-10T09:00:00Z",
            "updated_at": "2024-04-10T09:00:00Z",
        }
    ],
}


def test_recommendations_object_and_empty_list() -> None:
    f, text = news.recommendations(RECOMMENDATION)
    assert text is not None and text.startswith("Mua")
    assert f.loc[0, "target_price"] == 85000.0
    assert pd.isna(f.loc[0, "recommendation_price"])
    assert f.loc[0, "publish_date"] == pd.Timestamp("2024-04-10 16:00", tz=VN)
    empty, none = news.recommendations([])
    assert empty.empty and none is None and "target_price" in empty.columns
    with pytest.raises(APIError):
        news.recommendations("nope")


# -- §2.5 macro ---------------------------------------------------------------------------


def test_macro_indicator_example() -> None:
    f = macro.indicator(
        [
            {"type": "CPI", "country": "VN", "month": "2024-03", "value": 3.97, "date": None},
            {
                "type": "CPI",
                "country": "VN",
                "month": "2024-01",
                "value": 3.37,
                "date": "2024-01-29",
            },
        ]
    )
    assert f.index.name == "time" and f.index.is_monotonic_increasing
    assert list(f.index) == [ts("2024-01-01"), ts("2024-03-01")]
    assert f["value"].tolist() == [3.37, 3.97]
    assert f["date"].iloc[0] == ts("2024-01-29") and pd.isna(f["date"].iloc[1])


TE = [
    {
        "indicator": "Inflation Rate",
        "country": "United States",
        "category": "Prices",
        "lastValue": 3.4,
        "previousValue": 3.2,
        "year": 2024,
        "month": 3,
        "unit": "%",
    },
    {
        "indicator": "Inflation Rate",
        "country": "United States",
        "category": "Prices",
        "lastValue": 3.2,
        "previousValue": 3.1,
        "year": 2024,
        "month": 2,
        "unit": "%",
    },
]


def test_trading_economics_example_ascending() -> None:
    f = macro.economy(TE)
    assert f.index.names == ["indicator", "time"]
    series = f.loc["Inflation Rate"]
    assert list(series.index) == [ts("2024-02-01"), ts("2024-03-01")]
    assert series["last_value"].tolist() == [3.2, 3.4]
    assert list(f.columns) == ["country", "category", "last_value", "previous_value", "unit"]


CALENDAR = [
    {
        "id": 2,
        "date": "2026-04-26",
        "country": "Vietnam",
        "event": "CPI MoM",
        "actual": "",
        "previous": "0.2%",
        "consensus": "0.3%",
        "forecast": "0.3%",
        "impact": 2,
        "category": "Inflation",
    },
    {
        "id": 1,
        "date": "2026-04-25",
        "country": "United States",
        "event": "Fed Interest Rate Decision",
        "actual": "",
        "previous": "5.25%",
        "consensus": "5.50%",
        "forecast": "5.50%",
        "impact": 3,
        "category": "Interest Rate",
    },
]


def test_calendar_example() -> None:
    f = macro.calendar(CALENDAR)
    assert f["id"].tolist() == [1, 2]  # by date
    assert f.loc[0, "time"] == ts("2026-04-25")
    assert pd.isna(f.loc[0, "actual"]) and f.loc[0, "forecast"] == 5.5
    assert f.loc[0, "previous"] == 5.25 and f.loc[1, "consensus"] == 0.3
    assert f["unit"].tolist() == ["%", "%"]
    assert f["impact"].tolist() == [3, 2]
    assert list(f.columns[-5:]) == ["actual", "previous", "consensus", "forecast", "unit"]


@pytest.mark.parametrize(
    ("text", "country", "value", "unit"),
    [
        ("217K", None, 217_000.0, None),
        ("0.45%", None, 0.45, "%"),
        ("-0.3%", None, -0.3, "%"),
        ("$2.89B", None, 2.89e9, "USD"),
        ("-$1.2M", None, -1.2e6, "USD"),
        ("€15.2B", None, 15.2e9, "EUR"),
        ("¥-1.2T", "Japan", -1.2e12, "JPY"),
        ("¥850B", "China", 850e9, "CNY"),
        ("1,234.5", None, 1234.5, None),
        ("49.6", None, 49.6, None),
        (3.4, None, 3.4, None),
    ],
)
def test_calendar_figures_become_numbers_with_their_unit(
    text: object, country: str | None, value: float, unit: str | None
) -> None:
    assert macro.figure(text, country) == (pytest.approx(value), unit)


@pytest.mark.parametrize("text", ["", "  ", None, "n/a", "12..3", True, float("inf"), [1]])
def test_calendar_figures_that_are_not_numbers_are_missing(text: object) -> None:
    value, unit = macro.figure(text)
    assert math.isnan(value) and unit is None


def test_global_market_example() -> None:
    f = macro.global_market(
        [
            {
                "type": "SP500",
                "country": "US",
                "date": "2026-04-22",
                "year": 2026,
                "month": 4,
                "value": 5234.18,
            },
            {
                "type": "SP500",
                "country": "US",
                "date": "2026-04-21",
                "year": 2026,
                "month": 4,
                "value": 5200.0,
            },
        ]
    )
    assert list(f.index) == [ts("2026-04-21"), ts("2026-04-22")]
    assert f["value"].iloc[-1] == 5234.18


# -- §2.6/§2.7 commodities -----------------------------------------------------------------

GOLD = [
    {
        "index": "SJC_GOLD",
        "name": "Vàng SJC",
        "short_name": "SJC",
        "buy_value": 92500000,
        "sell_value": 94500000,
        "usd_value": 2350,
        "vnd_value": 94500000,
        "date": "2024-04-18",
        "provider": "SJC",
        "provider_icon": None,
        "updated_at": "2024-04-18T10:00:00Z",
        "change_percent": 0.42,
        "buy_value_change_percent": 0.35,
        "sell_value_change_percent": 0.48,
    }
]
SILVER = [
    {
        "index": "SILVER_PNJ",
        "name": "Bạc PNJ",
        "short_name": "PNJ",
        "buy_value": 980000,
        "sell_value": 1050000,
        "usd_value": 28,
        "vnd_value": 1050000,
        "date": "2024-04-18",
        "provider": "PNJ",
        "provider_icon": None,
        "updated_at": "2024-04-18T10:00:00Z",
        "change_percent": 0.15,
        "buy_value_change_percent": 0.12,
        "sell_value_change_percent": 0.18,
    }
]
PROVIDERS = [
    {
        "index": "PNJ_GOLD",
        "name": "Vàng PNJ",
        "short_name": "PNJ",
        "buy_value": 92600000,
        "sell_value": 94700000,
        "usd_value": 2352,
        "vnd_value": 94700000,
        "date": "2024-04-18",
        "provider": "PNJ",
        "provider_icon": "https://cdn.finhay.com/providers/pnj.png",
        "updated_at": "2024-04-18T10:00:00Z",
        "change_percent": 0.4,
        "buy_value_change_percent": 0.33,
        "sell_value_change_percent": 0.46,
    }
]


@pytest.mark.parametrize(
    ("payload", "code", "sell"),
    [
        (GOLD, "SJC_GOLD", 94500000.0),
        (SILVER, "SILVER_PNJ", 1050000.0),
        (PROVIDERS, "PNJ_GOLD", 94700000.0),
    ],
)
def test_metal_examples(payload: list[dict[str, object]], code: str, sell: float) -> None:
    f = commodities.metals(payload)
    assert f.loc[0, "index"] == code and f.loc[0, "sell_value"] == sell
    assert f.loc[0, "date"] == ts("2024-04-18")
    assert f.loc[0, "updated_at"] == pd.Timestamp("2024-04-18 17:00", tz=VN)
    assert list(f.columns[:5]) == ["index", "name", "short_name", "provider", "buy_value"]


def test_silver_chart_example() -> None:
    f = commodities.chart(
        [
            {"date": "2026-04-22", "silver_bar": 301.9, "silver_global": 247.9},
            {"date": "2026-03-23", "silver_bar": 266.3, "silver_global": 220.2},
            {"date": "2026-03-24", "silver_bar": 271.8, "silver_global": 222.4},
        ]
    )
    assert list(f.columns) == ["silver_bar", "silver_global"]
    assert f.index.is_monotonic_increasing and f.index[0] == ts("2026-03-23")
    assert f["silver_bar"].iloc[-1] == 301.9


def test_crypto_example() -> None:
    f = commodities.crypto(
        [
            {
                "name": "Bitcoin",
                "symbol": "BTC",
                "icon_url": "https://cdn.finhay.com/crypto/btc.png",
                "price": 67500.25,
                "formatted_price": "67.500,25",
                "percent_change_1h": 0.5,
                "percent_change_24h": -1.2,
                "percent_change_7d": 3.8,
                "percent_change_30d": 12.5,
                "market_cap": 1325000000000,
                "last_30d_chart": "https://cdn.finhay.com/spark/btc.svg",
            },
            {
                "name": "Ethereum",
                "symbol": "ETH",
                "price": 3450,
                "formatted_price": "3.450,00",
                "market_cap": 414000000000,
            },
        ]
    )
    assert list(f.index) == ["BTC", "ETH"]
    assert f.loc["BTC", "price"] == 67500.25 and f.loc["ETH", "price"] == 3450.0
    assert math.isnan(f.loc["ETH", "percent_change_1h"])


FINANCIAL_DATA = [
    {
        "financial_type": "GOLD",
        "name": "Giá vàng",
        "last_updated": "2026-04-22 23:09:12",
        "values": [
            {
                "index": "SJC_GOLD_BAR",
                "name": "Vàng miếng SJC",
                "description": "Đơn vị: 1.000đ/chỉ",
                "icon_url": "x",
                "value_type": "BUY_SELL",
                "buy_value": 16750,
                "sell_value": 17000,
            },
            {
                "index": "PNJ_9999_GOLD_RING",
                "name": "Vàng nhẫn PNJ",
                "description": "Đơn vị: 1.000đ/chỉ",
                "icon_url": "x",
                "value_type": "BUY_SELL",
                "buy_value": 16670,
                "sell_value": 16970,
            },
        ],
    },
    {
        "financial_type": "USD_EXCHANGE_RATE",
        "name": "Tỷ giá USD",
        "last_updated": "2025-09-23 16:00:03",
        "values": [
            {
                "index": "USD_VND_EXCHANGE_RATE",
                "name": "Vietcombank",
                "description": "Giao dịch tiền mặt",
                "icon_url": "x",
                "value_type": "BUY_SELL",
                "buy_value": 26198,
                "sell_value": 26448,
            }
        ],
    },
    {
        "financial_type": "CRYPTO",
        "name": "Tài sản số",
        "last_updated": "2026-04-22 23:10:00",
        "values": [
            {
                "index": "BITCOIN",
                "name": "BTC",
                "description": "",
                "icon_url": "x",
                "value_type": "SINGLE",
                "value": 79283.83,
                "change": 3324.45,
                "change_percent": 4.377,
            }
        ],
    },
    {
        "financial_type": "US_INDEX",
        "name": "Chứng khoán Mỹ",
        "last_updated": "2026-04-22 23:10:00",
        "values": [
            {
                "index": "SP_500",
                "name": "S&P 500",
                "description": "",
                "icon_url": "x",
                "value_type": "SINGLE",
                "value": 7124,
                "change": 59.99,
                "change_percent": 0.85,
            }
        ],
    },
]


def test_financial_data_seed_example() -> None:
    f = commodities.financial_data(FINANCIAL_DATA)
    assert len(f) == 5
    assert list(f.columns[:6]) == [
        "financial_type",
        "group",
        "index",
        "name",
        "description",
        "value_type",
    ]
    gold = f[f["index"] == "SJC_GOLD_BAR"].iloc[0]
    assert gold.buy_value == 16_750_000 and gold.sell_value == 17_000_000  # VND, not thousands
    assert gold.unit == "VND per chỉ"
    assert gold.last_updated == pd.Timestamp("2026-04-22 23:09:12", tz=VN)  # local, not UTC
    usd = f[f["index"] == "USD_VND_EXCHANGE_RATE"].iloc[0]
    assert usd.buy_value == 26198 and usd.unit == "VND per USD"
    btc = f[f["index"] == "BITCOIN"].iloc[0]
    assert (btc.value, btc.change_percent, btc.unit) == (79283.83, 4.377, "USD")
    assert math.isnan(btc.buy_value)
    assert f[f["index"] == "SP_500"].iloc[0].unit == "points"


def test_financial_data_scales_every_amount_given_in_thousands() -> None:
    """A SINGLE row priced in "1.000đ/…" has its value and change in VND too, not only the
    buy and sell of BUY_SELL rows; the change percent is left alone."""
    row = {
        "index": "SJC_GOLD_BAR",
        "name": "Vàng miếng SJC",
        "description": "Đơn vị: 1.000đ/chỉ",
        "value_type": "SINGLE",
        "value": 17000,
        "change": 150,
        "change_percent": 0.89,
    }
    f = commodities.financial_data([{"financial_type": "GOLD", "values": [row]}])
    assert (f.loc[0, "value"], f.loc[0, "change"]) == (17_000_000, 150_000)
    assert f.loc[0, "change_percent"] == 0.89 and f.loc[0, "unit"] == "VND per chỉ"


BANK_RATES = [
    [
        {"bank": "ACB", "term": "12 tháng", "rate": 5.8, "updated_at": "2026-12-01T01:00:00Z"},
        {"bank": "ACB", "term": "1 tháng", "rate": 4.1, "updated_at": "2026-12-01T01:00:00Z"},
        {"bank": "VCB", "term": "1 tháng", "rate": 3.9, "updated_at": "2026-12-01T01:00:00Z"},
    ],
    {
        "updatedAt": "2026-12-01T01:00:00Z",
        "banks": [
            {"bank": "ACB", "rates": {"1M": 4.1, "12M": 5.8}},
            {"bank": "VCB", "rates": {"1M": 3.9}},
        ],
    },
    [
        {
            "bankName": "ACB",
            "updated_at": "2026-12-01T01:00:00Z",
            "rates": [{"term": "1 năm", "rate": 5.8}, {"term": "Kỳ hạn 1 tháng", "rate": 4.1}],
        },
        {
            "bankName": "VCB",
            "updated_at": "2026-12-01T01:00:00Z",
            "rates": [{"term": "1M", "rate": 3.9}],
        },
    ],
]


@pytest.mark.parametrize("payload", BANK_RATES)
def test_bank_rates_in_every_shape_seen_become_one_long_frame(payload: object) -> None:
    f = commodities.bank_rates(payload)
    assert f is not None
    assert list(f.columns) == ["bank", "term", "term_months", "rate", "updated_at"]
    assert f["bank"].tolist() == ["ACB", "ACB", "VCB"]  # banks as sent, terms ascending
    assert f["term_months"].tolist() == [1, 12, 1]
    assert f["rate"].tolist() == [4.1, 5.8, 3.9]
    assert (f["updated_at"] == pd.Timestamp("2026-12-01 08:00", tz=VN)).all()


@pytest.mark.parametrize(
    ("term", "months"),
    [
        ("1 tháng", 1),
        ("Kỳ hạn 6 tháng", 6),
        ("12M", 12),
        ("1 năm", 12),
        ("2Y", 24),
        ("36 months", 36),
        ("Không kỳ hạn", 0),
        ("weird", None),
    ],
)
def test_deposit_terms_become_months(term: str, months: int | None) -> None:
    assert commodities.term_months(term) == months


def test_bank_rates_empty_and_unknown_shapes() -> None:
    for nothing in ({}, [], None):
        f = commodities.bank_rates(nothing)
        assert f is not None and f.empty and "term_months" in f.columns
    for unknown in ({"rate": 5.8}, [1, 2], "weird", [{"bank": "ACB"}]):
        assert commodities.bank_rates(unknown) is None


@pytest.mark.parametrize(
    ("payload", "columns", "rows"),
    [
        ({}, [], 0),
        (None, [], 0),
        ([{"bank": "Vietcombank", "term": "12 tháng", "rate": 5.8}], ["bank", "term", "rate"], 1),
        (
            {
                "updatedAt": "2026-01-01",
                "banks": [
                    {"bank": "ACB", "rates": {"1M": 4.1, "12M": 5.8}},
                    {"bank": "VCB", "rates": {"1M": 3.9}},
                ],
            },
            ["bank", "rates_1_m", "rates_12_m", "updated_at"],
            2,
        ),
        ({"rate": 5.8}, ["rate"], 1),
        ([1, 2, 3], ["value"], 3),
        ("weird", ["value"], 1),
    ],
)
def test_bank_rates_flatten_whatever_comes(payload: object, columns: list[str], rows: int) -> None:
    f = flatten(payload)
    assert list(f.columns) == columns and len(f) == rows


# -- §2.8 funds -----------------------------------------------------------------------------


def test_fund_list_and_companies() -> None:
    f = funds.funds(
        [{"id": 21, "name": "VESAF", "type": "STOCK_FUND", "aum": 1500000000000, "rating": 4.5}]
    )
    assert f.loc[0, "name"] == "VESAF" and f.loc[0, "aum"] == 1.5e12
    c = funds.companies(
        [
            {
                "id": 3,
                "name": "Công ty Quản lý quỹ Vietcombank",
                "short_name": "VCBF",
                "image_url": "u",
            }
        ]
    )
    assert list(c.columns) == ["id", "short_name", "name", "image_url"]


def test_growth_and_nav_comparison() -> None:
    g = funds.growth([{"fund_name": "VESAF", "profit_percent": 18.4, "current_amount": 11840000}])
    assert g.loc["VESAF", "current_amount"] == 11840000.0
    n = funds.nav_comparison(
        [
            {
                "fund_name": "VESAF",
                "nav_records": [
                    {"date": "2024-12-31", "navpf": 18234.56, "change_percent": 1.24},
                    {"date": "2024-12-30", "navpf": 18011.2, "change_percent": 0.1},
                ],
            }
        ]
    )
    assert n.index.names == ["fund", "time"]
    assert list(n.loc["VESAF"].index) == [ts("2024-12-30"), ts("2024-12-31")]
    assert n.loc[("VESAF", ts("2024-12-31")), "nav"] == 18234.56
    assert funds.nav_comparison([]).index.names == ["fund", "time"]


def test_nav_history_example() -> None:
    f, benchmark = funds.nav_history(
        {
            "nav_histories": [{"date": "2025-04-30", "nav": 18234.56, "benchmark_value": 1284.91}],
            "benchmark_name": "VN-INDEX",
        }
    )
    assert benchmark == "VN-INDEX"
    assert f.loc[ts("2025-04-30")].tolist() == [18234.56, 1284.91]
    empty, none = funds.nav_history(None)
    assert empty.empty and none is None and list(empty.columns) == ["nav", "benchmark_value"]


def test_allocations_and_rankings() -> None:
    s = funds.sector_allocation([{"sector_name": "Banking", "percent": 18.4}])
    assert s.loc["Banking", "percent"] == 18.4
    a = funds.asset_allocation({"bond": 10, "stock": 85, "others": 5})
    assert a["percent"].to_dict() == {"stock": 85.0, "bond": 10.0, "others": 5.0}
    assert funds.asset_allocation(None).empty
    top = funds.ranking([{"fund_name": "VESAF", "month": "2025-04", "aum": 1.5e12}], "top-aum")
    assert list(top.columns) == ["fund", "time", "aum"] and top.loc[0, "time"] == ts("2025-04-01")
    flow = funds.ranking(
        [
            {
                "fund_name": "DCDS",
                "month": "2025-04",
                "fund_flow": -5e9,
                "fund_inflow": 1e10,
                "fund_outflow": 1.5e10,
            }
        ],
        "top-fund-flow",
    )
    assert flow.loc[0, "fund_flow"] == -5e9
    h = funds.top_holdings([{"symbol": "VNM", "number_of_funds": 17}])
    assert h.loc["VNM", "number_of_funds"] == 17


def test_operation_example() -> None:
    summary, flows = funds.operation(
        [
            {
                "fund_name": "VESAF",
                "image_url": "u",
                "aum": 1.5e12,
                "changed_aum": 1e10,
                "changed_aum_percent": 0.67,
                "investors": 12000,
                "changed_investors": 150,
                "changed_investors_percent": 1.26,
                "total_fund_flow": 2e10,
                "fund_flows": [
                    {
                        "fund_name": "VESAF",
                        "month": "2025-03",
                        "fund_flow": 1e10,
                        "fund_inflow": 3e10,
                        "fund_outflow": 2e10,
                    }
                ],
            }
        ]
    )
    assert summary.loc["VESAF", "investors"] == 12000
    assert flows.loc[0, "time"] == ts("2025-03-01") and flows.loc[0, "fund_inflow"] == 3e10
