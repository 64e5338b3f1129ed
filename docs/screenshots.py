"""Remake the README's pictures from real output: ``make screenshots``.

* ``docs/images/candles.png``: ``charts.candles`` on the sandbox's VNM 2025 daily bars (the
  quickstart notebook's chart), written as HTML with plotly.js embedded and photographed by
  Debian's Chromium through Playwright.
* ``docs/images/order_form.png``: the order form as the browser test leaves it after Preview
  (``tests/widgets/test_browser.py`` saves it to ``build/browser/order_form.png``; run that
  test first, as ``make screenshots`` does).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from vnfin import charts
from vnfin.sandbox import Sandbox

ROOT = Path(__file__).parents[1]
IMAGES = ROOT / "docs" / "images"
CHROMIUM = "/usr/bin/chromium"


def candles(out: Path) -> None:
    with Sandbox(seed=0) as sb, sb.finhay() as fh:
        vnm = fh.market.history("VNM", "2025-01-01", "2025-12-31")
    figure = charts.candles(vnm, ma=(20, 50))
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "candles.html"
        figure.write_html(page_file, include_plotlyjs=True, full_html=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1100, "height": 620})
            page.goto(page_file.as_uri())
            page.wait_for_selector(".main-svg")
            page.locator(".plotly-graph-div").screenshot(path=str(out))
            browser.close()


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    candles(IMAGES / "candles.png")
    form = ROOT / "build" / "browser" / "order_form.png"
    if not form.exists():
        sys.stderr.write(f"{form} is missing: run `pytest -m browser` first\n")
        return 1
    shutil.copyfile(form, IMAGES / "order_form.png")
    sys.stdout.write(f"wrote {IMAGES / 'candles.png'} and {IMAGES / 'order_form.png'}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
