"""Fixtures of the widget tests: a sandbox client with today's 2FA session, and a
stand-in for ``vnfin.Finhay`` with the methods the widgets call and the same return
types, for the cases the sandbox cannot stage: a place that blocks until the test lets it
answer, a broker rejection with a chosen code, a lost answer, a 2FA session that expires
between preview and place."""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from vnfin import BadRequest, TwoFactorRequired, ValidationError
from vnfin.finhay.account import book_frame
from vnfin.orders import (
    Capacity,
    MarketState,
    Order,
    OrderRequest,
    OrderStatus,
    Preview,
    check,
    estimate,
)

QUOTES = {
    # symbol: exchange, type, last, reference, floor, ceiling, bid, ask
    "VNM": ("HOSE", "STOCK", 69_500, 68_600, 63_800, 73_400, 69_400, 69_600),
    "SHS": ("HNX", "STOCK", 15_400, 15_000, 13_500, 16_500, 15_300, 15_500),
}
SESSIONS = {"HOSE": ("PROGRESS", ["LO", "MP", "ATC"]), "HNX": ("PROGRESS", ["LO", "MTL", "ATC"])}
ACCOUNTS = [
    ("0001", "120C000001.1", "NORMAL"),
    ("0004", "120C000001.4", "NORMAL"),
    ("0006", "120C000001.6", "MARGIN"),
]


class Market:
    def __init__(self, client: FakeClient) -> None:
        self.client = client

    def quote(self, symbol: str) -> pd.DataFrame:
        if symbol not in QUOTES:
            raise BadRequest("Invalid symbol", status_code=400, error_code="400")
        exchange, kind, last, ref, floor, ceiling, bid, ask = QUOTES[symbol]
        row = {
            "exchange": exchange,
            "stock_type": kind,
            "name": f"{symbol} Corp",
            "price": float(last),
            "reference": float(ref),
            "ceiling": float(ceiling),
            "floor": float(floor),
            "buy_price_1": float(bid),
            "buy_volume_1": 1_000,
            "sell_price_1": float(ask),
            "sell_volume_1": 2_000,
        }
        return pd.DataFrame([row], index=pd.Index([symbol], name="symbol"))

    def session(self, exchange: str) -> pd.DataFrame:
        state, types = self.client.sessions[exchange]
        frame = pd.DataFrame(
            {"exchange_session": [state], "available_order_types": [list(types)]},
            index=pd.Index([exchange], name="exchange"),
        )
        return frame


class Account:
    def __init__(self, client: FakeClient) -> None:
        self.client = client

    def sub_accounts(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "id": [a for a, _, _ in ACCOUNTS],
                "sub_account_ext": [e for _, e, _ in ACCOUNTS],
                "type": [t for _, _, t in ACCOUNTS],
                "is_order": [e.endswith(".4") for _, e, _ in ACCOUNTS],
            }
        )

    def order_book(self, sub_account: str | None = None) -> pd.DataFrame:
        self.client.calls.append(("order_book", sub_account))
        return book_frame(list(self.client.book.values()))


class Orders:
    def __init__(self, client: FakeClient) -> None:
        self.client = client

    def _market(self, symbol: str) -> MarketState:
        exchange, kind, last, ref, floor, ceiling, _, _ = QUOTES[symbol]
        state, types = self.client.sessions[exchange]
        return MarketState(symbol, exchange, ref, floor, ceiling, state, tuple(types), kind, last)

    def preview(
        self,
        symbol: str,
        side: str,
        quantity: int,
        price: int | None = None,
        order_type: str = "LO",
        sub_account: str | None = None,
    ) -> Preview:
        self.client.calls.append(("preview", symbol, side, quantity, price, order_type))
        request = OrderRequest.checked(symbol, side, quantity, price, order_type)
        market = self._market(request.symbol)
        capacity = Capacity(buying_power=1e9, sellable=1_000)
        check(request, market, capacity)
        body = {"symbol": request.symbol, "side": request.side.value, "quantity": quantity}
        at = request.price or market.last or market.reference
        return Preview(
            request,
            market,
            capacity,
            "POST",
            f"/trading/oa/sub-accounts/{sub_account or '0004'}/orders",
            json.dumps(body).encode(),
            estimate(request, at),
        )

    def place(
        self,
        symbol: str,
        side: str,
        quantity: int,
        price: int | None = None,
        order_type: str = "LO",
        sub_account: str | None = None,
    ) -> Order:
        client = self.client
        client.calls.append(("place", symbol, side, quantity, price, order_type, sub_account))
        client.in_place.set()
        if client.gate is not None:
            client.gate.wait(10)
        if client.on_place is not None:
            client.on_place()
        if not client.two_fa_token:
            raise TwoFactorRequired("2FA session expired", error_code="OTP_SESSION_EXPIRED")
        request = OrderRequest.checked(symbol, side, quantity, price, order_type)
        order_id = str(1000 + len(client.book))
        order = Order(
            order_id=order_id,
            status=OrderStatus.PENDING,
            raw_status="PENDING",
            symbol=request.symbol,
            side=request.side,
            quantity=quantity,
            price=None if price is None else float(price),
            order_type=request.order_type.value,
            account=sub_account,
            raw={"allowamend": "Y", "allowcancel": "Y"},
        )
        client.book[order_id] = order
        return order

    def request_otp(self) -> str:
        self.client.calls.append(("request_otp",))
        self.client.otp_requested = True
        return "u***@example.com"

    def verify_otp(self, code: str) -> pd.Timestamp:
        self.client.calls.append(("verify_otp",))
        if not self.client.otp_requested:
            raise ValidationError("no OTP was requested yet", argument="code")
        if code != self.client.otp_code:
            raise BadRequest("Invalid OTP code", status_code=400, error_code="OTP_INVALID")
        self.client.two_fa_token = "fake-session"
        return pd.Timestamp("2026-11-20 23:59:59", tz="Asia/Ho_Chi_Minh")

    def _change(self, order_id: str, **fields: Any) -> Order:
        current = self.client.book[order_id]
        order = Order(**{**current.__dict__, **fields})
        self.client.book[order_id] = order
        return order

    def amend(
        self,
        order_id: str,
        quantity: int | None = None,
        price: int | None = None,
        sub_account: str | None = None,
    ) -> Order:
        self.client.calls.append(("amend", order_id, quantity, price, sub_account))
        current = self.client.book[order_id]
        return self._change(
            order_id,
            quantity=current.quantity if quantity is None else quantity,
            price=current.price if price is None else float(price),
        )

    def cancel(self, order_id: str, sub_account: str | None = None) -> Order:
        self.client.calls.append(("cancel", order_id, sub_account))
        return self._change(order_id, status=OrderStatus.CANCELLED, raw_status="CANCELLED", raw={})


class FakeClient:
    """``market``, ``account`` and ``orders`` as the widgets use them. ``calls`` records
    every call; ``gate`` (an Event) holds ``place`` until set; ``on_place`` runs inside
    ``place`` (raise from it to stage a rejection or a lost answer)."""

    def __init__(self, session: bool = True) -> None:
        self.two_fa_token: str | None = "fake-session" if session else None
        self.otp_code = "123456"
        self.otp_requested = False
        self.sessions: dict[str, tuple[str, list[str]]] = dict(SESSIONS)
        self.book: dict[str, Order] = {}
        self.calls: list[tuple[Any, ...]] = []
        self.gate: threading.Event | None = None
        self.in_place = threading.Event()
        self.on_place: Callable[[], None] | None = None
        self.market = Market(self)
        self.account = Account(self)
        self.orders = Orders(self)

    def called(self, name: str) -> list[tuple[Any, ...]]:
        return [c for c in self.calls if c[0] == name]


@pytest.fixture
def fake() -> FakeClient:
    return FakeClient()


@pytest.fixture
def trader(fh: Any, sandbox: Any) -> Any:
    """A sandbox client holding today's 2FA session."""
    fh.orders.request_otp()
    fh.orders.verify_otp(sandbox.otp_code)
    return fh


def text(markup: str) -> str:
    """What a reader sees of an HTML widget's value: tags gone, entities decoded, spaces
    collapsed."""
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
    return re.sub(r" ([:,.])", r"\1", words)


@pytest.fixture
def shown() -> Callable[[str], str]:
    return text
