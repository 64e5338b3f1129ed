"""Finhay's public datasets in the sandbox (reference §2.3–§2.8). Being written."""

from __future__ import annotations

from collections.abc import Callable

from .market import MarketEngine
from .replies import SandboxReply


class PublicRoutes:
    def __init__(self, engine: MarketEngine, market_clock: Callable[[], float]) -> None:
        self.engine = engine
        self.market_clock = market_clock

    def dispatch(self, method: str, path: str, params: dict[str, str]) -> SandboxReply | None:
        return None
