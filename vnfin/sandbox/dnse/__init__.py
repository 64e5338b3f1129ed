"""The DNSE LightSpeed dialect of the sandbox (reference §4), on DNSE's real paths in both
layouts (``/dnse-order-service/...`` and ``/order-service/...``).

* :mod:`.app` — :class:`DNSEApp`, the pipeline: route → Bearer JWT → Trading-Token → rate
  limit → faults → handler; :mod:`.routes` — the paths of both layouts;
* :mod:`.auth` — login (e-mail, phone or custody code), the JWT, the e-mail OTP, the smart
  OTP and trading tokens (§4.2, seed 003); :mod:`.envelope` — ``{status, code, message}`` and
  ``{message}``; :mod:`.params` — query and body reading;
* :mod:`.ledger` — DNSE's investor in the world (stock and derivative sub-accounts, loan
  packages, margin loans); :mod:`.accounts` — accounts, balances, loan packages, ppse (§4.3);
* :mod:`.orders` — orders on the world's desk; :mod:`.records` — statuses, reject codes, the
  Order object (§4.4, §4.5); :mod:`.deals` — deals that follow fills;
* :mod:`.conditional` — stop orders that trigger on the simulated price (§4.6);
* :mod:`.chart` — the public chart endpoint, stock prices in thousands of VND (§4.9).
"""

from __future__ import annotations

from .app import DNSEApp

__all__ = ["DNSEApp"]
