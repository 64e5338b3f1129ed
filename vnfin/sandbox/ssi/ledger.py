"""SSI's customer in the simulated world: an investor of its own next to Finhay's, trading
through the same order desk, matching and settlement (:mod:`..world.desk`).

:func:`open_account` adds, once per world:

* user :data:`SSI_USER`, customer ``"Trần Thị B"``, depository number ``003C123456`` (003C
  is SSI's depository prefix), with one sub-account: the **stock account** whose number is
  the sandbox's ``ssi_account`` (``1234567``; the desk also finds it by that number), Normal,
  taking orders, settled: 500,000,000 VND; SSI 2,000, VNM 1,000, FPT 500, HPG 3,000 (HOSE),
  SHS 2,000 (HNX), ACV 300 (UPCOM), at seeded cost prices (:func:`..world.accounts.seeded_cost`).
  ``Sandbox.fund("1234567", ...)`` changes it like any sub-account.

The **derivative account** (the stock account + ``8``) is SSI's alone (:class:`Derivatives`):
a margin deposit of :data:`DERIVATIVE_CASH` VND and no positions. The simulated world lists no
futures, so derivative orders are refused with ``ORD001`` (symbol not found) and this account
never changes; its queries answer from the deposit.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..world import World
from ..world.accounts import Account, SubAccount, seeded_cost

SSI_USER = 7_654_321
CUSTODY = "003C123456"
STARTING_CASH = 500_000_000
HOLDINGS = {"SSI": 2_000, "VNM": 1_000, "FPT": 500, "HPG": 3_000, "SHS": 2_000, "ACV": 300}
DERIVATIVE_CASH = 100_000_000


def open_account(world: World, number: str) -> SubAccount:
    """SSI's stock account ``number`` in ``world`` (made on the first call)."""
    with world.desk.lock:
        found = world.desk.sub(number)
        if found is not None:
            return found
        sub = SubAccount(number, "1", "Normal", CUSTODY, takes_orders=True)
        sub.set(STARTING_CASH, HOLDINGS, {s: seeded_cost(world.engine, s) for s in HOLDINGS})
        world.accounts[SSI_USER] = Account(
            SSI_USER, "0007654321", "Trần Thị B", CUSTODY, {number: sub}
        )
        return sub


@dataclass
class Derivatives:
    """The derivative account: a deposit and, in a world without futures, nothing else."""

    number: str
    cash: int = DERIVATIVE_CASH
