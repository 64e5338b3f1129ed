"""Progress bars (tqdm): appear only after a moment, on stderr in a terminal, never on stdout,
never for one-request jobs, and gone when the job ends. The widget in a real kernel is tested
in test_kernel.py."""

from __future__ import annotations

import io
import sys
from typing import ClassVar

import pytest

from vnfin import _history, _progress
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


class Recorded(Progress):
    """A Progress that remembers how far every bar got."""

    finished: ClassVar[list[tuple[int, int]]] = []

    def close(self) -> None:
        Recorded.finished.append((self.done, self.total))
        super().close()


def test_quick_jobs_show_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = use_terminal(monkeypatch)
    bar = Progress(10, "history")
    for _ in range(10):
        bar.advance()
    bar.close()
    assert terminal.getvalue() == ""


def test_slow_jobs_draw_on_stderr_only_and_clear_the_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = use_terminal(monkeypatch)
    monkeypatch.setattr(_progress, "DELAY", 0.0)
    bar = Progress(3, "history")
    for _ in range(3):
        bar.advance()
    bar.close()
    drawn = terminal.getvalue()
    assert "history" in drawn and "/3" in drawn and "request" in drawn
    assert drawn.endswith("\r")  # the line is cleared at the end (leave=False)
    assert drawn.rstrip("\r").split("\r")[-1].strip() == ""
    assert capsys.readouterr().out == ""


def test_off_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_progress, "in_notebook", lambda: False)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not Progress(5, "x").enabled
    assert not Progress(1, "x", enabled=True).enabled  # one request: nothing to show
    assert Progress(5, "x", enabled=True).enabled


def test_history_reports_progress(monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox) -> None:
    terminal = use_terminal(monkeypatch)
    monkeypatch.setattr(_progress, "DELAY", 0.0)
    sandbox.finhay().market.history(["VNM", "FPT", "HPG"], "2023-01-01", "2024-12-31")
    assert "history" in terminal.getvalue() and "/6" in terminal.getvalue()  # 3 x 2 windows
    terminal.seek(0)
    terminal.truncate()
    sandbox.finhay().market.history(["VNM", "FPT"], "2024-01-01", "2024-12-31", progress=False)
    assert terminal.getvalue() == ""


def test_skipped_symbols_still_complete_the_bar(
    monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox
) -> None:
    monkeypatch.setattr(_history, "Progress", Recorded)
    Recorded.finished.clear()
    fh = sandbox.finhay()
    with pytest.warns(UserWarning, match="ZZZ"):
        fh.market.history(["ZZZ", "VNM"], "2022-01-01", "2024-12-31", errors="skip")
    assert Recorded.finished == [(6, 6)]  # ZZZ's two later windows counted, never asked for
