"""What every Finhay endpoint group shares: sending a GET and stamping the frame."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._http import Call, Param, Reply
from ..frames import stamp

if TYPE_CHECKING:
    from .client import AsyncFinhay


class Group:
    """Base of the async endpoint groups (``fh.market``, ``fh.fundamentals``, …)."""

    name = "endpoints"

    def __init__(self, client: AsyncFinhay) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<vnfin {self.name} endpoints>"

    async def _get(self, path: str, params: Sequence[Param] = ()) -> Reply:
        return await self._client._session.send(Call("GET", path, tuple(params)))

    @staticmethod
    def _stamp(frame: pd.DataFrame, reply: Reply, endpoint: str, **attrs: Any) -> pd.DataFrame:
        return stamp(frame, source="finhay", endpoint=endpoint, simulated=reply.simulated, **attrs)
