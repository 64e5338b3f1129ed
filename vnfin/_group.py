"""The base of every broker's async endpoint groups (``fh.market``, ``fh.funds``, …).

A group gets the :class:`~vnfin._http.Session` of the host it talks to and the ``source`` it
stamps on its frames; it knows nothing about any broker. An endpoint method builds its
:class:`~vnfin._http.Call` with the broker's pure ``routes`` functions, sends it, and hands the
payload to a pure parser.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

import pandas as pd

from ._call import Call, Reply
from ._http import Session
from .frames import stamp
from .store import SANDBOX_SUFFIX


class Group:
    """Base of the async endpoint groups.

    ``host`` names the client session the group uses (a client may talk to several hosts).
    """

    name: ClassVar[str] = "endpoints"
    host: ClassVar[str] = "api"

    def __init__(self, session: Session, source: str) -> None:
        self._session = session
        self.source = source

    @classmethod
    def build(cls, core: Any) -> Group:
        """The group for a client's ``core`` (a :class:`vnfin._client.Core`): by default its
        session for :attr:`host` and its source; groups that need more of the core (the
        user's profile, credentials) override this."""
        return cls(core.sessions[cls.host], core.source)

    def __repr__(self) -> str:
        return f"<vnfin {self.source} {self.name} endpoints>"

    @property
    def store_source(self) -> str:
        """The store partition this group's bars go to: ``finhay``, or ``finhay-sandbox`` for
        a sandbox (see :attr:`vnfin._http.Session.local`), so simulated bars never mix with
        real ones."""
        return f"{self.source}{SANDBOX_SUFFIX}" if self._session.local else self.source

    async def _send(self, call: Call) -> Reply:
        return await self._session.send(call)

    def _stamp(
        self, frame: pd.DataFrame, reply: Reply, endpoint: str, *, unit: str, **attrs: Any
    ) -> pd.DataFrame:
        return stamp(
            frame,
            source=self.source,
            endpoint=endpoint,
            simulated=reply.simulated,
            unit=unit,
            **attrs,
        )

    async def _frame(
        self, call: Call, parser: Callable[[Any], pd.DataFrame], *, unit: str, **attrs: Any
    ) -> pd.DataFrame:
        """Send ``call``, parse its payload and stamp the frame with the endpoint, the checked
        inputs the call was built from, its ``unit`` and ``attrs``."""
        reply = await self._send(call)
        attrs = {**call.inputs, **attrs}
        return self._stamp(parser(reply.payload), reply, call.path, unit=unit, **attrs)


async def gather(*awaitables: Awaitable[Any]) -> list[Any]:
    """Run all concurrently and return their results in order; on the first failure cancel
    the rest and raise that failure (``asyncio.gather`` would leave them running)."""
    if len(awaitables) < 2:  # nothing to run alongside: no task to make (the common call)
        return [await a for a in awaitables]
    tasks = [asyncio.ensure_future(a) for a in awaitables]
    try:
        for next_done in asyncio.as_completed(tasks):
            await next_done
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    return [task.result() for task in tasks]
