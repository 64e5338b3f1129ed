"""The exchange's word on the session: while a market stream carries the ``F`` channel, the
order checks refuse what the session does not take; without it they leave that rule to SSI.
Unit tests of the table, then the real client against the sandbox's hub over loopback."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt

import pytest

import vnfin
from vnfin.sandbox import Sandbox
from vnfin.ssi.sessions import SessionBoard

DAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("exchange", "session", "status", "types"),
    [
        ("HOSE", "ATO", "N", ("LO", "ATO")),
        ("HOSE", "LO", "N", ("LO", "MP")),
        ("HOSE", "ATC", "N", ("LO", "ATC")),
        ("HNX", "LO", "N", ("LO", "MTL", "MOK", "MAK")),
        ("UPCOM", "BREAK", "N", ("LO",)),
        ("HOSE", "C", "N", ()),
        ("HNX", "HALT", "N", ()),
        ("HOSE", "LO", "S", ()),  # suspended: no orders whatever the session
    ],
)
def test_what_each_session_takes(
    exchange: str, session: str, status: str, types: tuple[str, ...]
) -> None:
    board = SessionBoard()
    board.record({"Symbol": "abc", "TradingSession": session, "TradingStatus": status}, DAY)
    heard = board.allowed("ABC", exchange, DAY)
    assert heard is not None and heard[1] == types and session in heard[0]


def test_unknown_codes_symbols_and_days_leave_it_to_ssi() -> None:
    board = SessionBoard()
    board.record({"Symbol": "VNM", "TradingSession": "WHATEVER", "TradingStatus": "N"}, DAY)
    board.record({"Symbol": "FPT", "TradingSession": "LO"}, DAY)
    board.record({"Symbol": "", "TradingSession": "LO"}, DAY)
    assert board.allowed("VNM", "HOSE", DAY) is None  # a code vnfin does not know
    assert board.allowed("HPG", "HOSE", DAY) is None  # never heard of
    assert board.allowed("FPT", "HOSE", DAY + dt.timedelta(days=1)) is None  # yesterday's
    assert board.allowed("FPT", "HOSE", DAY) == ("LO (FastConnect Data, channel F)", ("LO", "MP"))


def test_an_f_message_makes_the_checks_follow_the_session() -> None:
    async def main(sb: Sandbox, url: str) -> tuple[object, str]:
        async with sb.async_ssi(trading_url=url, data_url=url, transport=None) as assi:
            before = await assi.orders.preview("VNM", "BUY", 100, None, "MP")
            stream = assi.stream.market("F:VNM")
            async with contextlib.aclosing(stream) as messages:
                message = await asyncio.wait_for(anext(messages), 30)
            assert message.channel == "F" and message.content["TradingSession"] == "ATC"
            with pytest.raises(vnfin.ValidationError) as refused:
                await assi.orders.preview("VNM", "BUY", 100, None, "MP")
            after = await assi.orders.preview("VNM", "BUY", 100, None, "ATC")
            assert after.request.order_type.value == "ATC"
            return before, str(refused.value)

    with Sandbox(seed=0, now="2026-11-20 14:35") as sb:  # HOSE's closing auction
        url = sb.serve()
        before, refusal = asyncio.run(main(sb, url))
    assert before is not None  # without the stream, the session is SSI's call
    assert "MP orders are not accepted on HOSE now" in refusal and "ATC" in refusal
