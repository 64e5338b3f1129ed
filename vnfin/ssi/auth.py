"""SSI FastConnect request signing and credentials (reference §1.2–§1.4).

Every POST but ``GetOTP`` and ``AccessToken`` carries::

    X-Signature = lowercase hex( RSASSA-PKCS1-v1_5( SHA-256( exact body bytes ) ) )

signed with the consumer's private key, which SSI hands out as base64 of a .NET
``<RSAKeyValue>`` XML document (each element base64 of a big-endian integer); PEM is accepted
too. :func:`sign` is the pure function; :class:`SSIAuth` is the ``httpx.Auth`` that signs the
outgoing request's own ``content`` (so the bytes signed are the bytes sent) and puts the
write token on it. GETs are never signed and carry the read token, which the session's token
source (outside the concurrency gate) adds.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Generator
from typing import Any

import httpx
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .._call import dumps
from .._inputs import credential
from ..errors import ValidationError
from .tokens import WriteToken

SIGNATURE_HEADER = "X-Signature"
_XML_PARTS = ("Modulus", "Exponent", "D", "P", "Q")
_MAX_KEY_TEXT = 64 * 1024  # characters; an 8192-bit key in SSI's format is under 10,000


def _refuse(what: str, length: int) -> ValidationError:
    return ValidationError(
        f"private_key ({length} characters, not shown) {what}: pass SSI's key as iBoard gives "
        "it (base64 of the <RSAKeyValue> XML) or an RSA private key in PEM",
        argument="private_key",
    )


def _xml_integer(root: ET.Element, tag: str, length: int) -> int:
    text = root.findtext(tag)
    if not text or not text.strip():
        raise _refuse(f"has no <{tag}>", length)
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise _refuse(f"has an unreadable <{tag}>", length) from None
    return int.from_bytes(raw, "big")


def _from_xml(xml: str, length: int) -> rsa.RSAPrivateKey:
    # The key is the user's own file, but an entity declaration has no place in it and could
    # only make the parser expand something: refuse it before parsing.
    if "<!" in xml:
        raise _refuse("contains an XML declaration of entities or a DOCTYPE", length)
    try:
        root = ET.fromstring(xml)  # noqa: S314 (no DTD, checked above)
    except ET.ParseError:
        raise _refuse("is not well-formed XML", length) from None
    if root.tag != "RSAKeyValue":
        raise _refuse("is not an <RSAKeyValue> document", length)
    n, e, d, p, q = (_xml_integer(root, tag, length) for tag in _XML_PARTS)
    if p * q != n:
        raise _refuse("is inconsistent (P × Q is not the Modulus)", length)
    try:
        numbers = rsa.RSAPrivateNumbers(
            p,
            q,
            d,
            rsa.rsa_crt_dmp1(d, p),
            rsa.rsa_crt_dmq1(d, q),
            rsa.rsa_crt_iqmp(p, q),
            rsa.RSAPublicNumbers(e, n),
        )
        return numbers.private_key()
    except (ValueError, TypeError):
        raise _refuse("is not a valid RSA key", length) from None


def load_private_key(text: str | bytes) -> rsa.RSAPrivateKey:
    """An RSA private key from SSI's format (base64 of the .NET ``<RSAKeyValue>`` XML, the
    XML itself also accepted) or from PEM (PKCS#1 or PKCS#8, unencrypted).

    Raises :class:`~vnfin.errors.ValidationError` naming ``private_key`` and never showing
    any of it.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise _refuse("is not text", len(text)) from None
    if not isinstance(text, str) or not text.strip():
        raise ValidationError("private_key must be a non-empty string", argument="private_key")
    length = len(text)
    if length > _MAX_KEY_TEXT:
        raise _refuse("is far too long for a key", length)
    stripped = text.strip()
    if stripped.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_private_key(stripped.encode("ascii"), password=None)
        except (ValueError, TypeError, UnicodeEncodeError, UnsupportedAlgorithm):
            raise _refuse("is not a readable, unencrypted PEM private key", length) from None
        if not isinstance(key, rsa.RSAPrivateKey):
            raise _refuse("is not an RSA key", length)
        return key
    if stripped.startswith("<"):
        return _from_xml(stripped, length)
    compact = re.sub(r"\s+", "", stripped)
    try:
        xml = base64.b64decode(compact, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise _refuse("is neither PEM nor base64", length) from None
    return _from_xml(xml.strip(), length)


def sign(body: str | bytes, private_key: rsa.RSAPrivateKey | str | bytes) -> str:
    """SSI's ``X-Signature`` of ``body``: RSASSA-PKCS1-v1_5 over SHA-256 of the exact bytes
    (a ``str`` is UTF-8 encoded), as lowercase hex (reference §1.4). Pure and deterministic.

    ``private_key`` is a loaded key or the key text (see :func:`load_private_key`).
    """
    key = (
        private_key if isinstance(private_key, rsa.RSAPrivateKey) else load_private_key(private_key)
    )
    data = body.encode("utf-8") if isinstance(body, str) else body
    if not isinstance(data, bytes):
        raise ValidationError("body must be str or bytes", argument="body")
    return key.sign(data, padding.PKCS1v15(), hashes.SHA256()).hex()


def _mask(value: str) -> str:
    return value[:4] + "…" if len(value) > 8 else "…"


class Credentials:
    """One consumer key pair (trading or data), checked when given; never shows the secret."""

    __slots__ = ("_secret", "consumer_id")

    def __init__(self, consumer_id: str, consumer_secret: str, *, prefix: str = "") -> None:
        self.consumer_id = credential(consumer_id, f"{prefix}consumer_id")
        self._secret = credential(consumer_secret, f"{prefix}consumer_secret")

    def body(self) -> dict[str, Any]:
        """``{consumerID, consumerSecret}``, the start of every token request body."""
        return {"consumerID": self.consumer_id, "consumerSecret": self._secret}

    def __repr__(self) -> str:
        return f"Credentials(consumer_id={_mask(self.consumer_id)!r}, consumer_secret=***)"


class SSIAuth(httpx.Auth):
    """Signs every POST it sees (the session leaves it off the unauthenticated token calls)
    and, when it guards a trading session, authorises the POST with the write token.

    With a write token issued with ``isSave: false`` SSI wants the PIN/OTP in the body of
    every money-moving call: the routes always send ``"code": ""`` (as SSI's own client
    does) and this signer fills in the kept code right before signing, so the code is never
    in a :class:`~vnfin._call.Call`, a preview or an error.
    """

    requires_request_body = True

    def __init__(self, key: rsa.RSAPrivateKey | None, writes: WriteToken | None = None) -> None:
        self._key = key
        self._writes = writes

    @property
    def has_key(self) -> bool:
        return self._key is not None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if request.method != "POST":
            yield request
            return
        if self._key is None:
            raise ValidationError(
                "private_key is required to sign order and cash writes: pass private_key= "
                "or set SSI_PRIVATE_KEY",
                argument="private_key",
            )
        if self._writes is not None:
            token = self._writes.bearer(request.method, request.url.path)
            request.headers["Authorization"] = f"Bearer {token}"
            code = self._writes.code
            if code is not None:
                request = _with_code(request, code)
        request.headers[SIGNATURE_HEADER] = sign(request.content, self._key)
        yield request

    def __repr__(self) -> str:
        key = "loaded" if self._key is not None else None
        return f"SSIAuth(private_key={key}, writes={self._writes!r})"


def _with_code(request: httpx.Request, code: str) -> httpx.Request:
    """The request with ``code`` in its JSON body (built anew: a body is never edited in
    place, and the new bytes are the ones signed and sent)."""
    try:
        body = json.loads(request.content)
    except ValueError:
        return request
    if not isinstance(body, dict) or "code" not in body or body["code"]:
        return request
    body["code"] = code
    headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
    return httpx.Request(
        request.method,
        request.url,
        headers=headers,
        content=dumps(body),
        extensions=request.extensions,
    )
