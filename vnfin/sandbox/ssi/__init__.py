"""The SSI FastConnect v2 dialect of the sandbox (FCTrading and FCData), on SSI's real paths.

* :mod:`.app` — :class:`SSIApp`, the pipeline: route (case-insensitive) → bearer token →
  ``X-Signature`` → rate limit → faults → handler;
* :mod:`.keys` — the consumer's RSA key in SSI's XML format, the signature check, the
  server's RS256 tokens; :mod:`.auth` — GetOTP, both AccessToken flows (PIN/OTP, ``isSave``),
  bearer and signature checks (reference §1.2–§1.4, §2.1);
* :mod:`.envelope` — ``{message, status, data}``; :mod:`.params` — query and body reading;
* :mod:`.ledger` — SSI's customer in the world (stock account, derivative account);
  :mod:`.orders` — NewOrder, ModifyOrder, CancelOrder and the derivative ones (§1.7);
  :mod:`.books` — orderBook, auditOrderBook, orderHistory; :mod:`.accounts` — positions,
  balances, max quantities (§1.8); :mod:`.records` — statuses, ORD codes, order records;
* :mod:`.events` — the day's numbered order-stream events; :mod:`.feed` — what fills them
  (§1.9);
* :mod:`.market`, :mod:`.series`, :mod:`.shape` — FCData's lists, price series and its two
  answer dialects (§2.2).
"""

from __future__ import annotations

from .app import SSIApp

__all__ = ["SSIApp"]
