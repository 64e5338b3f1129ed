"""Blocking calls from every context a notebook user meets: plain code, inside a running event
loop (what a Jupyter kernel is), and from worker threads."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from vnfin.sandbox import Sandbox


def test_blocking_call_inside_a_running_loop(sandbox: Sandbox) -> None:
    fh = sandbox.finhay()

    async def cell() -> float:
        # A notebook cell calling the blocking API while the kernel's loop runs.
        q = fh.market.quote("VNM")
        afh = sandbox.async_finhay()
        q2 = await afh.market.quote("VNM")
        return float(q.price.iloc[0] - q2.price.iloc[0])

    assert asyncio.run(cell()) == 0.0


def test_blocking_calls_from_threads(sandbox: Sandbox) -> None:
    fh = sandbox.finhay()
    with ThreadPoolExecutor(4) as pool:
        frames = list(
            pool.map(
                lambda s: fh.market.history(s, "2024-01-01", "2024-03-31"),
                ["VNM", "FPT", "HPG", "VCB", "VNM"],
            )
        )
    assert all(len(f) > 50 for f in frames)
    assert frames[0].equals(frames[4])


def test_import_is_light() -> None:
    code = (
        "import sys, vnfin; heavy = [m for m in ('plotly', 'ipywidgets', 'nest_asyncio', "
        "'IPython') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
