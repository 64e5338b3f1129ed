"""What every vnfin widget shares: ipywidgets imported on first use, the root box that a
notebook displays, one request at a time per panel, and messages rendered as small HTML
(errors the trader can act on, never a traceback)."""

from __future__ import annotations

import html
import math
import threading
from collections.abc import Callable
from typing import Any

from ..errors import (
    APIError,
    OrderRejected,
    OrderStateUnknown,
    TransportError,
    ValidationError,
    VnfinError,
)

#: Width of the description labels, so the controls of a panel line up.
LABEL_WIDTH = "120px"
STYLE = {"description_width": LABEL_WIDTH}


def ipywidgets() -> Any:
    """The ipywidgets module, imported the first time a widget is built (``import vnfin``
    stays free of it)."""
    import ipywidgets as module

    return module


class Panel:
    """A vnfin widget: :attr:`widget` is the root ipywidgets box; showing the object in a
    notebook shows that box, and prints nothing."""

    widget: Any

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


class Busy:
    """One request at a time for a panel.

    :meth:`run` starts an action only when none is running (a click that arrives while a
    request is in flight, from any thread, does nothing) and calls ``changed`` before and
    after, so the panel can disable and re-enable its buttons around the request.
    """

    def __init__(self, changed: Callable[[], None]) -> None:
        self._lock = threading.Lock()
        self._changed = changed

    @property
    def active(self) -> bool:
        return self._lock.locked()

    def run(self, action: Callable[[], None], failed: Callable[[VnfinError], None]) -> bool:
        """Run ``action`` unless another is running; a :class:`VnfinError` it raises goes
        to ``failed``. Returns whether it ran."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            self._changed()
            action()
        except VnfinError as error:
            failed(error)
        finally:
            self._lock.release()
            self._changed()
        return True


def esc(value: Any) -> str:
    return html.escape(str(value))


def vnd(amount: Any) -> str:
    """``69,500`` for a VND amount; ``—`` for a missing one."""
    if amount is None:
        return "—"
    try:
        number = float(amount)
    except (TypeError, ValueError):
        return esc(amount)
    return "—" if math.isnan(number) else f"{number:,.0f}"


def note(text: str, kind: str = "info") -> str:
    """A one-line message: ``info``, ``ok``, ``warn`` or ``error``."""
    colour = {"info": "#444", "ok": "#1a7f37", "warn": "#9a6700", "error": "#cf222e"}[kind]
    return f"<div class='vnfin-note vnfin-{kind}' style='color:{colour}'>{text}</div>"


def describe(error: VnfinError) -> str:
    """An error as a trader reads it, in HTML: what went wrong and what to do."""
    if isinstance(error, ValidationError):
        where = f"<b>{esc(error.argument)}</b>: " if error.argument else ""
        return note(f"{where}{esc(error)}", "error")
    if isinstance(error, OrderRejected):
        code = f" (code {esc(error.error_code)})" if error.error_code else ""
        return note(f"<b>Rejected</b>: {esc(error.reason)}{code}", "error")
    if isinstance(error, OrderStateUnknown):
        return note(
            f"<b>Outcome unknown</b>: {esc(error)}. Look in the order book before trying "
            "again; nothing was resent.",
            "warn",
        )
    if isinstance(error, APIError):
        code = f" (code {esc(error.error_code)})" if error.error_code else ""
        return note(f"<b>Refused</b>: {esc(error.message)}{code}", "error")
    if isinstance(error, TransportError):
        return note(f"<b>No answer</b>: {esc(error)}", "error")
    return note(esc(error), "error")


def button(label: str, tooltip: str, css: str, **options: Any) -> Any:
    """A button whose ``description`` is its label."""
    w = ipywidgets()
    widget = w.Button(description=label, tooltip=tooltip, **options)
    widget.add_class(css)
    return widget


def control(kind: str, label: str, css: str, **options: Any) -> Any:
    """An input widget of type ``kind`` (``Text``, ``IntText`` …) with a ``description``
    label of the panel's width and a CSS class to find it by."""
    options.setdefault("style", STYLE)
    widget = getattr(ipywidgets(), kind)(description=label, **options)
    widget.add_class(css)
    return widget


def show(widget: Any, visible: bool) -> None:
    widget.layout.display = None if visible else "none"
