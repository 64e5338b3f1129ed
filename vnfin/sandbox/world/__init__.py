"""The simulated world every broker dialect serves: broker-neutral, pure, seeded.

* :mod:`.engine` — :class:`MarketEngine`: daily and one-minute bars, indices, breadth;
  :mod:`.daily` — every symbol's daily walk at once, vectorised over symbols;
* :mod:`.quotes` — a symbol's session so far and its quote screen at one moment;
* :mod:`.calendar` — trading days and session states; :mod:`.exchange` — tick, band, lot;
* :mod:`.instruments` — tickers, indices and holidays from ``data/``;
* :mod:`.clock` — Vietnam time; :mod:`.seeded` — the seeded generators behind every number;
* :mod:`.datasets` — fundamentals, ratios, news, macro, commodities and funds;
* :mod:`.accounts` — investors' sub-accounts, cash and holdings, T+2 settlement;
  :mod:`.orders` — orders, states, refusal reasons, fees and tax; :mod:`.matching` — orders
  against the price path; :mod:`.desk` — placing, amending, cancelling, and bringing it all
  up to "now"; :mod:`.rights` — shareholder rights and dividends paid.

Nothing here knows a broker's paths, field names or envelopes; the dialects
(:mod:`vnfin.sandbox.finhay`, …) shape the world into their wire formats.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from .accounts import Account, SubAccount, default_account
from .clock import VN_TZ, local_now, parse_moment
from .desk import Desk
from .engine import MarketEngine, shared_engine

__all__ = ["Account", "Desk", "MarketEngine", "SubAccount", "World", "shared_engine"]


class World:
    """One simulated market (``seed``), its clock, and the brokerage accounts trading in it.

    ``now`` pins the market clock (str, date, datetime or Timestamp; naive = Vietnam time);
    ``None`` follows the wall clock. Settable at any time. ``reference`` is the folder of
    ``tickers.csv``, ``holidays.csv`` and ``indices.csv`` (default: vnfin's ``data/``).

    :attr:`accounts` holds the investors by user id (the default one, 123456, from
    :func:`.accounts.default_account`); :attr:`desk` places and matches their orders and
    keeps them up to date with the clock (:class:`.desk.Desk`).
    """

    def __init__(self, seed: int = 0, now: object = None, reference: Path | None = None) -> None:
        self.seed = seed
        self.engine = shared_engine(seed, reference)
        self.now = now
        account = default_account(self.engine)
        self.accounts: dict[int, Account] = {account.user_id: account}
        self.desk = Desk(self.engine, self.clock, self.accounts)

    @property
    def now(self) -> dt.datetime | None:
        """The pinned market time (aware, Vietnam time), or None when following the wall clock."""
        return None if self._pinned is None else dt.datetime.fromtimestamp(self._pinned, VN_TZ)

    @now.setter
    def now(self, value: object) -> None:
        self._pinned = None if value is None else parse_moment(value, "now")

    def clock(self) -> float:
        """The market's "now" in epoch seconds."""
        return time.time() if self._pinned is None else self._pinned

    def local_now(self) -> dt.datetime:
        """The market's "now" as naive Vietnam time."""
        return local_now(self.clock())
