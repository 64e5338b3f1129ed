"""Seeded random generators: every simulated number comes from one of these.

A generator is keyed by ``[seed, *key]`` with strings entering as their CRC-32, so the same
seed and key always give the same numbers, in any process and whatever the wall clock says.
"""

from __future__ import annotations

import zlib

import numpy as np


def rng(seed: int, *key: int | str) -> np.random.Generator:
    """A generator keyed by the seed and what it generates (e.g. ``rng(0, "daily", "VNM")``)."""
    words = [seed] + [zlib.crc32(k.encode()) if isinstance(k, str) else k for k in key]
    return np.random.default_rng(words)
