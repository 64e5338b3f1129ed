"""The inline 2FA step that order writes need once a day: send a one-time code to the
user's e-mail, type it, verify. The session it opens is held by the client and never shown;
the code is cleared from the widget as soon as it is used."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from ..errors import VnfinError
from ._kit import Busy, Panel, button, control, describe, esc, ipywidgets, note, show


def has_session(client: Any) -> bool:
    """Whether ``client`` holds today's 2FA session (the token itself is never read out)."""
    return bool(getattr(client, "two_fa_token", None))


class OtpStep(Panel):
    """Hidden until :meth:`open` is called. ``verified`` is called once the session is held.

    ``verified`` is called with a line of HTML to show once the session is held; ``busy`` is
    the owning panel's :class:`~vnfin.widgets._kit.Busy`, so the code is never sent or
    verified while that panel has another request in flight.
    """

    def __init__(self, client: Any, busy: Busy, verified: Callable[[str], None]) -> None:
        w = ipywidgets()
        self._client = client
        self._busy = busy
        self._verified = verified
        self.intro = w.HTML(
            "<b>Today's 2FA session is needed to send orders.</b> Send a one-time code to "
            "your e-mail, then type it here."
        )
        self.send_button = button(
            "Send code", "E-mail a one-time code (5 a day)", "vnfin-otp-send", icon="envelope"
        )
        self.code = control(
            "Text", "One-time code", "vnfin-otp-code", placeholder="6 digits", value=""
        )
        self.verify_button = button(
            "Verify code", "Open today's 2FA session", "vnfin-otp-verify", disabled=True
        )
        self.status = w.HTML()
        self.send_button.on_click(lambda _: busy.run(self._send, self._failed))
        self.verify_button.on_click(lambda _: busy.run(self._verify, self._failed))
        self.code.observe(lambda _: self.sync(), "value")
        self._sent = False
        self.widget = w.VBox(
            [self.intro, self.send_button, w.HBox([self.code, self.verify_button]), self.status]
        )
        self.widget.add_class("vnfin-otp")
        show(self.widget, False)

    @property
    def is_open(self) -> bool:
        return bool(self.widget.layout.display != "none")

    def open(self) -> None:
        if not self.is_open:
            self.status.value = ""  # what an earlier round said is stale
        show(self.widget, True)
        self.sync()

    def close(self) -> None:
        show(self.widget, False)

    def sync(self) -> None:
        """Enable what can be done now."""
        self.send_button.disabled = self._busy.active
        self.verify_button.disabled = (
            self._busy.active or not self._sent or not self.code.value.strip()
        )

    def _send(self) -> None:
        where = self._client.orders.request_otp()
        self._sent = True
        to = f" to {esc(where)}" if where else ""
        self.status.value = note(f"Code sent{to}. It is valid for 5 minutes.", "ok")

    def _verify(self) -> None:
        code = self.code.value.strip()
        try:
            expires = self._client.orders.verify_otp(code)
        finally:
            self.code.value = ""  # a used code is worth nothing; do not keep it in the state
        self._sent = False
        until = f" until {expires:%H:%M:%S}" if isinstance(expires, pd.Timestamp) else ""
        self.status.value = ""
        self.close()
        self._verified(note(f"2FA session open{until}.", "ok"))

    def _failed(self, error: VnfinError) -> None:
        self.status.value = describe(error)
