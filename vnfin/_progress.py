"""Progress for long downloads, shown only once a job has taken more than a moment.

In a Jupyter kernel: an ipywidgets bar (imported only then). In a terminal: a single line on
stderr that is rewritten in place. Anywhere else (a pipe, a log file, a test run): nothing.
Never prints to stdout.
"""

from __future__ import annotations

import sys
import time
from typing import Any

DELAY = 0.5  # seconds before a bar appears


def in_notebook() -> bool:
    """True inside an IPython kernel (Jupyter, VS Code, Colab), not a terminal IPython."""
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    ip = shell.get_ipython()
    return ip is not None and hasattr(ip, "kernel")


class Progress:
    """Counts finished units of work; appears after :data:`DELAY` seconds if enabled.

    ``enabled=None`` means automatic: on in a notebook or an interactive terminal.
    """

    def __init__(self, total: int, label: str, enabled: bool | None = None) -> None:
        self.total = total
        self.label = label
        self.done = 0
        self._start = time.perf_counter()
        self._mode: str | None = None
        self._widget: Any = None
        if enabled is None:
            enabled = in_notebook() or sys.stderr.isatty()
        self.enabled = bool(enabled) and total > 1

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        if self._mode is None and time.perf_counter() - self._start >= DELAY:
            self._open()
        self._draw()

    def _open(self) -> None:
        if in_notebook():
            import ipywidgets
            from IPython.display import display

            bar = ipywidgets.IntProgress(min=0, max=self.total, description=self.label)
            text = ipywidgets.Label()
            self._widget = (bar, text)
            display(ipywidgets.HBox([bar, text]))  # type: ignore[no-untyped-call]
            self._mode = "widget"
        else:
            self._mode = "text"

    def _draw(self) -> None:
        if self._mode == "widget":
            bar, text = self._widget
            bar.value = self.done
            text.value = f"{self.done}/{self.total}"
        elif self._mode == "text":
            end = "\n" if self.done >= self.total else ""
            sys.stderr.write(f"\r{self.label}: {self.done}/{self.total}{end}")
            sys.stderr.flush()

    def close(self) -> None:
        if self._mode == "widget":
            bar, _ = self._widget
            bar.bar_style = "success" if self.done >= self.total else "warning"
        elif self._mode == "text" and self.done < self.total:
            sys.stderr.write("\n")
