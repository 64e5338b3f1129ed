"""No body and no query makes the SSI dialect fail: whatever is sent, signed and authorised,
the answer is a success or a refusal in SSI's envelope, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnfin.sandbox import Sandbox

from .conftest import NOW, SSI, key_from_xml

WRITES = ["NewOrder", "ModifyOrder", "CancelOrder", "derNewOrder", "derModifyOrder"]
READS = [
    *("orderBook", "auditOrderBook", "orderHistory", "stockPosition", "derivPosition"),
    *("maxBuyQty", "maxSellQty", "cashAcctBal", "ppmmraccount", "derivAcctBal"),
]
DATA = [
    *("Securities", "SecuritiesDetails", "IndexComponents", "IndexList", "DailyOhlc"),
    *("IntradayOhlc", "DailyIndex", "DailyStockPrice"),
]
FIELDS = [
    *("instrumentID", "market", "marketID", "buySell", "orderType", "price", "quantity"),
    *("account", "requestID", "deviceId", "orderID", "stopOrder", "code"),
]
PARAMS = [
    *("account", "startDate", "endDate", "instrumentID", "price", "querySummary", "symbol"),
    *("market", "fromDate", "toDate", "pageIndex", "pageSize", "ascending", "resolution"),
    *("indexId", "indexCode", "order", "orderBy", "exchange"),
]
VALUES = st.one_of(
    st.sampled_from(["1234567", "12345678", "VNM", "VN", "B", "LO", "20/11/2026", "True", "0"]),
    st.sampled_from(["01/11/2026", "AA:BB:CC:DD:EE:FF", "8800000001", "100", "-1", "1e400"]),
    st.text(max_size=12),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | VALUES,
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=6), inner, max_size=2)
    ),
    max_leaves=4,
)


@pytest.fixture(scope="module")
def wire() -> Iterator[SSI]:
    sb = Sandbox(seed=0, now=NOW, rate_limit=(10**9, 60.0))
    with httpx.Client(transport=sb.transport, base_url="http://x") as client:
        ssi = SSI(sb, client, key_from_xml(sb.ssi_private_key))
        ssi.login()
        ssi.market_login()
        yield ssi


def _envelope(r: httpx.Response) -> None:
    assert r.status_code in (200, 400), r.text[:300]
    body = r.json()
    assert body["status"] in (200, r.status_code, "SUCCESS"), body


@settings(max_examples=300, deadline=None)
@given(
    path=st.sampled_from(WRITES),
    changes=st.dictionaries(st.sampled_from(FIELDS), JSON),
    whole=st.booleans(),
)
def test_no_order_body_makes_a_write_fail(
    wire: SSI, path: str, changes: dict[str, Any], whole: bool
) -> None:
    """A valid body with some fields replaced (``whole``), or only the random fields."""
    account = wire.sb.ssi_derivative_account if path.startswith("der") else wire.sb.ssi_account
    base = wire.order(price=69_500, account=account, orderID="8800000001", marketID="VN")
    body = {**base, **changes} if whole else changes
    raw = json.dumps(body).encode()  # NaN too: Python's json writes it
    _envelope(wire.post(path, raw))


@settings(max_examples=300, deadline=None)
@given(path=st.sampled_from(READS + DATA), params=st.dictionaries(st.sampled_from(PARAMS), VALUES))
def test_no_query_makes_a_read_fail(wire: SSI, path: str, params: dict[str, str]) -> None:
    _envelope(wire.data(path, **params) if path in DATA else wire.get(path, **params))
