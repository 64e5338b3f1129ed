"""DNSE LightSpeed's credentials and the headers of its second layer (reference §4.2, seed 003).

The JWT (``Authorization: Bearer``) is the session's token source (:mod:`vnfin.dnse.tokens`);
this module adds what depends on the call:

* ``Trading-Token`` on every state-changing call (POST, PUT, PATCH, DELETE) but the
  trading-token request itself, and on nothing else: :class:`DNSEAuth`, an ``httpx.Auth``, so
  the token is never in a :class:`~vnfin._call.Call`, a preview or an error;
* ``smart-otp: <code>`` or ``otp: <code>`` on the trading-token request only, from the code
  :class:`OneTimeCode` holds for the duration of that one call (a context variable: never
  stored on the client, gone when the call returns).

The login call and the chart are sent without the session's signer and token at all.
"""

from __future__ import annotations

import contextvars
from collections.abc import Generator
from typing import Any

import httpx

from .._inputs import choice, credential
from ..errors import ValidationError
from . import vocab
from .routes import is_trading_token
from .tokens import TradingToken

_OTP: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar(
    "vnfin_dnse_otp", default=None
)


def _mask(value: str) -> str:
    return value[:3] + "…" if len(value) > 6 else "…"


class Credentials:
    """The login pair, checked when given; never shows the password (nor all of the user
    name, which is an e-mail address, a phone number or a custody code)."""

    __slots__ = ("_password", "username")

    def __init__(self, username: Any, password: Any) -> None:
        self.username = credential(username, "username")
        self._password = credential(password, "password")

    def pair(self) -> tuple[str, str]:
        return self.username, self._password

    def __repr__(self) -> str:
        return f"Credentials(username={_mask(self.username)!r}, password=***)"


def otp_code(value: Any) -> str:
    """A Smart OTP or e-mailed code: 1-32 letters or digits (never shown in an error)."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ValidationError("code must be the OTP as text, e.g. '123456'", argument="code")
    text = str(value).strip()
    if not text or len(text) > 32 or not text.isascii() or not text.isalnum():
        raise ValidationError(
            f"code ({len(text)} characters, not shown) must be the OTP: letters and digits only",
            argument="code",
        )
    return text


def otp_header(method: Any) -> str:
    """``"smart"`` → ``smart-otp``, ``"email"`` → ``otp`` (seed 003)."""
    aliases = {"SMART-OTP": "smart", "SMART_OTP": "smart", "OTP": "email", "EMAIL-OTP": "email"}
    name = choice(method, tuple(vocab.OTP_HEADERS), "method", aliases)
    return vocab.OTP_HEADERS[name]


class OneTimeCode:
    """Hold ``code`` for the trading-token request sent inside this ``with`` block, and only
    there. A class rather than a generator, so that no frame holding the code is left in the
    traceback of an error raised inside the block."""

    __slots__ = ("_held", "_reset")

    def __init__(self, header: str, code: str) -> None:
        self._held = (header, code)
        self._reset: contextvars.Token[tuple[str, str] | None] | None = None

    def __enter__(self) -> None:
        self._reset = _OTP.set(self._held)

    def __exit__(self, *exc: object) -> None:
        if self._reset is not None:
            _OTP.reset(self._reset)
        self._held = ("", "")

    def __repr__(self) -> str:
        return "OneTimeCode(<not shown>)"


class DNSEAuth(httpx.Auth):
    """Adds ``Trading-Token`` to state-changing calls, or the OTP header to the trading-token
    request (see the module docstring). A write without a live trading token raises
    :class:`~vnfin.errors.TwoFactorRequired` here, before anything is sent."""

    def __init__(self, trading: TradingToken) -> None:
        self._trading = trading

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        path = request.url.path
        if is_trading_token(path):
            held = _OTP.get()
            if held is not None:
                request.headers[held[0]] = held[1]
        elif request.method in ("POST", "PUT", "PATCH", "DELETE"):
            target = request.url.raw_path.decode("ascii", "replace")
            token = self._trading.value(request.method, target)
            request.headers[vocab.TRADING_TOKEN_HEADER] = token
        yield request

    def __repr__(self) -> str:
        return f"DNSEAuth(trading={self._trading!r})"
