"""Progress bars: appear only after a moment, on stderr in a terminal or as a widget in a
kernel, never on stdout, never for one-request jobs."""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest

from vnfin import _progress
from vnfin._progress import Progress
from vnfin.sandbox import Sandbox


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def use_terminal(monkeypatch: pytest.MonkeyPatch) -> Tty:
    # Called from the test body: pytest swaps sys.stderr itself when the test starts.
    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(_progress, "in_notebook", lambda: False)
    return err


def test_quick_jobs_show_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = use_terminal(monkeypatch)
    bar = Progress(10, "history")
    for _ in range(10):
        bar.advance()
    bar.close()
    assert terminal.getvalue() == ""


def test_slow_jobs_draw_on_stderr_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = use_terminal(monkeypatch)
    monkeypatch.setattr(_progress, "DELAY", 0.0)
    bar = Progress(3, "history")
    for _ in range(3):
        bar.advance()
    bar.close()
    assert terminal.getvalue().endswith("\rhistory: 3/3\n")
    assert capsys.readouterr().out == ""


def test_off_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_progress, "in_notebook", lambda: False)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not Progress(5, "x").enabled
    assert not Progress(1, "x", enabled=True).enabled  # one request: nothing to show
    assert Progress(5, "x", enabled=True).enabled


def test_widget_in_a_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[Any] = []
    monkeypatch.setattr(_progress, "DELAY", 0.0)
    monkeypatch.setattr(_progress, "in_notebook", lambda: True)
    monkeypatch.setattr("IPython.display.display", lambda w: shown.append(w))
    bar = Progress(4, "history")
    for _ in range(4):
        bar.advance()
    bar.close()
    (box,) = shown
    progress, label = box.children
    assert (progress.value, progress.max, label.value) == (4, 4, "4/4")
    assert progress.bar_style == "success"


def test_history_reports_progress(monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox) -> None:
    terminal = use_terminal(monkeypatch)
    monkeypatch.setattr(_progress, "DELAY", 0.0)
    sandbox.finhay().market.history(["VNM", "FPT", "HPG"], "2023-01-01", "2024-12-31")
    assert terminal.getvalue().endswith("history: 6/6\n")  # 3 symbols x 2 yearly windows
    terminal.seek(0)
    terminal.truncate()
    sandbox.finhay().market.history(["VNM", "FPT"], "2024-01-01", "2024-12-31", progress=False)
    assert terminal.getvalue() == ""


def test_skipped_symbols_still_complete_the_bar(
    monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox
) -> None:
    terminal = use_terminal(monkeypatch)
    monkeypatch.setattr(_progress, "DELAY", 0.0)
    fh = sandbox.finhay(max_concurrency=1)  # windows run in order: ZZZ's later ones are skipped
    with pytest.warns(UserWarning, match="ZZZ"):
        fh.market.history(["ZZZ", "VNM"], "2022-01-01", "2024-12-31", errors="skip")
    assert terminal.getvalue().endswith("history: 6/6\n")
