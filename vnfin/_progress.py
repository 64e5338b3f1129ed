"""Progress for long downloads, drawn by tqdm: a widget in a Jupyter kernel (``tqdm.auto``
picks ``tqdm.notebook`` there), a line on stderr in a terminal, nothing anywhere else (a
pipe, a log file, a test run). A bar appears only once a job has taken more than
:data:`DELAY` seconds and is gone when the job ends. Never prints to stdout.
"""

from __future__ import annotations

import sys
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
    """Counts finished requests of a job of ``total``; ``enabled=None`` means automatic: on
    in a notebook or an interactive terminal. Nothing is drawn for a one-request job."""

    def __init__(self, total: int, label: str, enabled: bool | None = None) -> None:
        self.total = total
        self.done = 0
        if enabled is None:
            enabled = in_notebook() or sys.stderr.isatty()
        self.enabled = bool(enabled) and total > 1
        self._bar: Any = None
        if self.enabled:
            from tqdm.auto import tqdm

            self._bar = tqdm(
                total=total,
                desc=label,
                unit="request",
                delay=DELAY,
                leave=False,
                file=sys.stderr,
                dynamic_ncols=True,
            )

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
