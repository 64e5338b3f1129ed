"""The sandbox's RSA keys for SSI: the consumer's key pair, the request signature check and the
server's RS256 access tokens. Written from the reference (§1.2–§1.4) with ``cryptography``.

* **The consumer key** (:func:`new_consumer_key`) is a 1024-bit RSA key, the size SSI hands
  out. :func:`xml_base64` writes it in SSI's own format: base64 of the UTF-8 .NET
  ``<RSAKeyValue>`` document (``Modulus``, ``Exponent``, ``P``, ``Q``, ``DP``, ``DQ``,
  ``InverseQ``, ``D``; each the base64 of a big-endian unsigned integer, padded as .NET's
  ``ToXmlString(true)`` pads them: ``D`` to the modulus' length, the CRT parts to half of it).
* **The signature** (:func:`signature_ok`): ``X-Signature`` is the lowercase hex of
  RSASSA-PKCS1-v1_5 over SHA-256 of the exact body bytes; the server keeps only the public
  half of the consumer's key.
* **Access tokens** (:class:`TokenSigner`): compact JWTs, header ``{"alg": "RS256", "typ":
  "JWT"}``, signed with a 2048-bit key of the server's own (made on first use), verified
  against its public half; :meth:`TokenSigner.read` refuses anything it did not sign.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

CONSUMER_BITS = 1024
SERVER_BITS = 2048
XML_FIELDS = ("Modulus", "Exponent", "P", "Q", "DP", "DQ", "InverseQ", "D")
JWT_HEADER = {"alg": "RS256", "typ": "JWT"}
MAX_SIGNATURE_HEX = 2048  # hex digits: an 8192-bit key's signature; anything longer is junk


def new_consumer_key() -> rsa.RSAPrivateKey:
    """A fresh consumer key pair (1024 bits, exponent 65537)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=CONSUMER_BITS)


def _b64(value: int, length: int | None = None) -> str:
    size = length or max((value.bit_length() + 7) // 8, 1)
    return base64.b64encode(value.to_bytes(size, "big")).decode("ascii")


def xml_base64(key: rsa.RSAPrivateKey) -> str:
    """``key`` in SSI's format: base64 of the .NET ``<RSAKeyValue>`` XML (module docstring)."""
    numbers = key.private_numbers()
    public = numbers.public_numbers
    full = (key.key_size + 7) // 8
    half = (full + 1) // 2
    values = {
        "Modulus": _b64(public.n, full),
        "Exponent": _b64(public.e),
        "P": _b64(numbers.p, half),
        "Q": _b64(numbers.q, half),
        "DP": _b64(numbers.dmp1, half),
        "DQ": _b64(numbers.dmq1, half),
        "InverseQ": _b64(numbers.iqmp, half),
        "D": _b64(numbers.d, full),
    }
    xml = "<RSAKeyValue>" + "".join(f"<{k}>{values[k]}</{k}>" for k in XML_FIELDS)
    return base64.b64encode((xml + "</RSAKeyValue>").encode("utf-8")).decode("ascii")


def signature_ok(public: rsa.RSAPublicKey, body: bytes, signature_hex: str) -> bool:
    """True when ``signature_hex`` (hex, either case) signs ``body`` under ``public``."""
    if len(signature_hex) > MAX_SIGNATURE_HEX:
        return False
    try:
        signature = bytes.fromhex(signature_hex)
    except ValueError:
        return False
    try:
        public.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenSigner:
    """Issues and reads the server's RS256 JWTs; the key is made on first use (it takes a
    few tens of milliseconds, which a sandbox that never issues a token need not spend)."""

    def __init__(self) -> None:
        self._key: rsa.RSAPrivateKey | None = None
        self._lock = threading.Lock()

    def _private(self) -> rsa.RSAPrivateKey:
        with self._lock:
            if self._key is None:
                self._key = rsa.generate_private_key(public_exponent=65537, key_size=SERVER_BITS)
            return self._key

    def public_key(self) -> rsa.RSAPublicKey:
        """The public half, for anyone who wants to check a token themselves."""
        return self._private().public_key()

    def issue(self, claims: dict[str, Any]) -> str:
        """A signed compact JWT carrying ``claims``."""
        head = _b64url(json.dumps(JWT_HEADER, separators=(",", ":")).encode())
        body = _b64url(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = f"{head}.{body}".encode("ascii")
        signature = self._private().sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        return f"{head}.{body}.{_b64url(signature)}"

    def read(self, token: str) -> dict[str, Any] | None:
        """The claims of a token this signer issued, or None (malformed, not RS256, or not
        signed by this server's key). Expiry is the caller's to check."""
        parts = token.split(".")
        if len(parts) != 3 or not token.isascii():
            return None
        try:
            header = json.loads(_unb64url(parts[0]))
            claims = json.loads(_unb64url(parts[1]))
            signature = _unb64url(parts[2])
        except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
            return None
        if not isinstance(header, dict) or header.get("alg") != "RS256":
            return None
        if not isinstance(claims, dict):
            return None
        signing_input = f"{parts[0]}.{parts[1]}".encode("ascii")
        try:
            self.public_key().verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return None
        return claims
