"""Every notebook in notebooks/ runs end to end in a real Jupyter kernel against the sandbox,
and no sandbox secret or OTP shows up in its outputs."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))
REVEAL = "import json as _j; print(_j.dumps([sb.api_secret, sb.otp_code]))"


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(REVEAL))
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    secrets = json.loads(nb.cells[-1].outputs[0]["text"])
    shown = json.dumps([c.get("outputs", []) for c in nb.cells[:-1]])
    for secret in secrets:
        assert secret not in shown
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert not errors
