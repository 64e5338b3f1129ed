"""The README's tour runs as written, against the sandbox."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_tour_runs(tmp_path: Path) -> None:
    tour = README.split("## A tour", 1)[1]
    block = re.search(r"```python\n(.*?)```", tour, re.S)
    assert block is not None
    script = tmp_path / "tour.py"
    script.write_text(block.group(1), encoding="utf-8")
    order = runpy.run_path(str(script))["order"]
    assert getattr(order, "symbol", None) == "VNM" and getattr(order, "order_id", None)


def test_the_pictures_it_shows_are_in_the_repository() -> None:
    for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        path = Path(__file__).parents[1] / picture
        assert path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", picture
