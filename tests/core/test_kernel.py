"""Blocking calls inside a real Jupyter kernel (ipykernel via nbclient), both ways: by default
on vnfin's own loop thread with asyncio left alone, and with the nest_asyncio opt-in."""

from __future__ import annotations

import json
from typing import Any

import nbformat
from nbclient import NotebookClient

SETUP = """
import asyncio, json, sys, time
import vnfin
from vnfin.sandbox import Sandbox
sb = Sandbox(now="2026-11-20 10:30", latency=0.3)
fh = sb.finhay()
loop = asyncio.get_running_loop()
ticks = []
def tick():
    ticks.append(time.perf_counter())
    loop.call_later(0.02, tick)
tick()
"""

# While a blocking call waits 0.3 s for the sandbox, does the kernel's own loop run?
DURING_CALL = """
before = len(ticks)
price = float(fh.market.quote("VNM").price.iloc[0])
during = len(ticks) - before
"""

REPORT = """
probe = asyncio.sleep(0)
try:
    asyncio.run(probe)
    nested_run = "allowed"
except RuntimeError:
    probe.close()
    nested_run = "refused"
print(json.dumps({
    "price_ok": price > 0,
    "ticks_during_call": during,
    "nest_asyncio_loaded": "nest_asyncio" in sys.modules,
    "asyncio_run_patched": asyncio.run.__module__ != "asyncio.runners",
    "nested_run": nested_run,
}))
"""

# Output printed by a coroutine on vnfin's loop thread lands in the cell that asked for it.
OUTPUT = """
from vnfin._loop import run_sync
async def show():
    print("printed-on-the-vnfin-loop")
run_sync(show())
"""


def run_cells(*sources: str) -> list[Any]:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    return list(nb.cells)


def report(cell: Any) -> dict[str, Any]:
    text = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")
    return json.loads(text.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_default_leaves_asyncio_alone_and_output_lands_in_the_calling_cell() -> None:
    cells = run_cells(SETUP, "fh.market.quote('FPT')", OUTPUT, DURING_CALL, REPORT)
    got = report(cells[4])
    assert got == {
        "price_ok": True,
        "ticks_during_call": got["ticks_during_call"],
        "nest_asyncio_loaded": False,
        "asyncio_run_patched": False,
        "nested_run": "refused",
    }
    # the kernel's loop is blocked while the cell waits: the documented cost of the default
    assert got["ticks_during_call"] <= 1
    streams = ["".join(o.get("text", "") for o in c.outputs) for c in cells]
    assert "printed-on-the-vnfin-loop" in streams[2]
    assert not any("printed-on-the-vnfin-loop" in s for i, s in enumerate(streams) if i != 2)


def test_nest_asyncio_opt_in_keeps_the_kernel_loop_running() -> None:
    cells = run_cells(SETUP + "\nvnfin.use_nest_asyncio()", DURING_CALL, REPORT)
    got = report(cells[2])
    assert got["price_ok"] and got["nest_asyncio_loaded"]
    assert got["ticks_during_call"] >= 5  # the kernel's own callbacks ran during the 0.3 s wait
    assert got["nested_run"] == "allowed"  # the cost: asyncio is patched for the process


PROGRESS = """
from vnfin import _progress
_progress.DELAY = 0.0
frame = fh.market.history(["VNM", "FPT", "HPG"], "2023-01-01", "2024-12-31", progress=True)
print(len(frame))
"""


def test_a_progress_bar_is_a_widget_in_the_cell_that_asked() -> None:
    cells = run_cells(SETUP, PROGRESS)
    kinds = [k for o in cells[1].outputs for k in o.get("data", {})]
    assert "application/vnd.jupyter.widget-view+json" in kinds
    text = "".join(o.get("text", "") for o in cells[1].outputs if o.get("name") == "stdout")
    assert int(text.split()[-1]) > 0
    assert not [o for o in cells[1].outputs if o.get("name") == "stderr"]
