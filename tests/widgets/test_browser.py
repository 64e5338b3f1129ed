"""The trading notebook in a real browser: Voilà serves ``notebooks/05_trading.ipynb`` on
127.0.0.1 and Playwright drives Debian's Chromium through the order form (price snapped,
preview, the 2FA step, a double-clicked Place) and the order book (the order appears, then
is cancelled), and saves screenshots under ``build/browser/`` (the page, and the order form
alone as it stood after the preview: the README's picture comes from there).

Run it alone with ``pytest -m browser``. It skips, saying why, only when ``/usr/bin/chromium``
is absent (``make test`` installs it when it can). Nothing leaves the machine: Voilà listens
on loopback, the sandbox runs inside the kernel, and the browser is started without its
background services and has every request to another host aborted (and listed).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest
from playwright.sync_api import Page, Route, expect, sync_playwright

ROOT = Path(__file__).parents[2]
NOTEBOOK = ROOT / "notebooks" / "05_trading.ipynb"
SCREENSHOT = ROOT / "build" / "browser" / "05_trading.png"  # and blocked.txt: requests aborted
FORM_SHOT = SCREENSHOT.with_name("order_form.png")
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Test-only cells after the notebook's own (as tests/test_notebooks.py adds one): end the
#: session the notebook opened in code, so the form must ask for the code, and hand the
#: sandbox's code to this test through a file in the test's own directory.
AFTER = "fh.orders.revoke_otp()\n_ = Path('otp.txt').write_text(sb.otp_code)"

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_listening(port: int, proc: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"voila exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"voila did not listen on 127.0.0.1:{port} in {seconds} s")


def wait_for(path: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path.name} was not written in {seconds} s")
        time.sleep(0.2)


@pytest.fixture
def voila(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Voilà serving a copy of the notebook (plus :data:`AFTER`) from ``tmp_path``."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("from pathlib import Path\n" + AFTER))
    served = tmp_path / "site" / NOTEBOOK.name
    served.parent.mkdir()
    nbformat.write(nb, served)
    home = tmp_path / "jupyter"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("FINHAY_")},  # the sandbox
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    port = free_port()
    command = [sys.executable, "-m", "voila", served.name, "--no-browser"]
    command += ["--Voila.ip=127.0.0.1", f"--port={port}", "--Voila.port_retries=0"]
    with (tmp_path / "voila.log").open("wb") as log:
        proc = subprocess.Popen(command, cwd=served.parent, env=env, stdout=log, stderr=log)
        try:
            wait_listening(port, proc, 60)
            yield f"http://127.0.0.1:{port}/", served.parent
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium could not be installed: /usr/bin/chromium is absent (Debian package "
    "'chromium'; make test installs it when apt-get can)",
)
def test_trading_notebook_in_a_browser(voila: tuple[str, Path], tmp_path: Path) -> None:
    url, site = voila
    blocked: list[str] = []

    def loopback_only(route: Route) -> None:
        where = urlparse(route.request.url)
        if where.scheme in ("data", "blob") or where.hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 1800},
        )
        try:
            browser.route("**/*", loopback_only)
            page = browser.pages[0] if browser.pages else browser.new_page()
            page.goto(url, timeout=120_000)
            drive(page, site)
        finally:
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            if browser.pages:
                browser.pages[0].screenshot(path=str(SCREENSHOT), full_page=True)
            browser.close()
            SCREENSHOT.with_name("blocked.txt").write_text("".join(u + "\n" for u in blocked))


def drive(page: Page, site: Path) -> None:
    """Fill the form, preview, open the 2FA session, double-click Place, find the order in
    the book and cancel it there."""
    form = page.locator(".vnfin-order-form")
    book = page.locator(".vnfin-order-book")
    expect(form).to_be_visible(timeout=120_000)
    expect(book.locator(".vnfin-book-table")).to_contain_text("VNM", timeout=60_000)
    wait_for(site / "otp.txt", 60)  # Voilà renders as it runs: wait for the last cell
    expect(form.locator(".vnfin-quote")).to_contain_text("HOSE")
    expect(form.locator(".vnfin-order-type select")).to_have_value(re.compile("LO"))

    price = form.locator(".vnfin-price input")
    price.fill("63912")
    price.press("Enter")
    expect(price).to_have_value("63900")  # snapped to HOSE's 100 VND tick at this price
    quantity = form.locator(".vnfin-quantity input")
    quantity.fill("250")
    quantity.press("Enter")
    expect(quantity).to_have_value("200")  # whole lots
    form.get_by_role("button", name="Preview").click()
    expect(form.locator(".vnfin-preview")).to_contain_text("BUY 200 VNM LO @ 63,900 VND")
    place = form.get_by_role("button", name="Place order")
    expect(place).to_be_disabled()
    FORM_SHOT.parent.mkdir(parents=True, exist_ok=True)
    form.screenshot(path=str(FORM_SHOT))

    otp = form.locator(".vnfin-otp")  # the notebook's session was revoked: the form asks
    expect(otp).to_be_visible()
    otp.get_by_role("button", name="Send code").click()
    expect(otp).to_contain_text("Code sent to u***@example.com")
    otp.locator(".vnfin-otp-code input").fill((site / "otp.txt").read_text())
    otp.get_by_role("button", name="Verify code").click()
    expect(form).to_contain_text("2FA session open until 23:59:59")
    expect(otp).to_be_hidden()

    expect(place).to_be_enabled()
    place.dblclick()
    result = form.locator(".vnfin-ok").filter(has_text="Placed: order")
    expect(result).to_be_visible()
    found = re.search(r"order (\d+)", result.inner_text())
    assert found, result.inner_text()
    order_id = found.group(1)
    row = book.locator(f"tr[data-order-id='{order_id}']")
    expect(row).to_contain_text("open")
    expect(row).to_contain_text("63,900")
    expect(book.locator("tbody tr")).to_have_count(2)  # the notebook's order and this one
    expect(place).to_be_disabled()

    pick = book.locator(".vnfin-book-order select")
    labels = pick.locator("option").all_inner_texts()
    pick.select_option(label=next(t for t in labels if t.startswith(order_id)))
    book.get_by_role("button", name="Cancel order").click()
    expect(book).to_contain_text(f"Cancel of order {order_id} sent: now cancelled.")
    expect(row).to_contain_text("cancelled")
    expect(book.locator("tbody tr")).to_have_count(2)
