"""The Finhay Securities Open API dialect of the sandbox, on Finhay's real paths.

* :mod:`.app` — :class:`FinhayApp`, the pipeline: API key → Tier-2 signature checks → 2FA
  session on order writes → rate limit → faults → route;
* :mod:`.verify` — signature verification, written from the reference (§1.3) and seed 004;
* :mod:`.twofa` — the OTP flow and session tokens (§1.7);
* :mod:`.envelope` — success and error bodies (§1.9); :mod:`.params` — query checks;
* :mod:`.routes` — market, session and ``users/me`` endpoints (§2.1, §2.2, §2.12);
* :mod:`.public` and :mod:`.views` — the public datasets (§2.3–§2.8);
* :mod:`.trading` — the user-scoped routes with ids in their paths, dispatched to
  :mod:`.accounts` (sub-accounts, assets, summary, portfolio, P&L, rights, available-trade:
  §2.1, §2.9, §2.10, §2.13) and :mod:`.orders` (order book, history, place, amend, cancel,
  order-level codes: §2.11, §2.13) over the world's accounts and order desk.
"""

from __future__ import annotations

from .app import FinhayApp

__all__ = ["FinhayApp"]
