"""SSI's credentials, access tokens and signatures (reference §1.2–§1.4, §2.1), as the sandbox
checks them.

**FCTrading** (``/api/v2/Trading/...``):

* ``GetOTP {consumerID, consumerSecret}`` → ``{"message": "Success", "status": 200}``; counts
  the request in :attr:`Auth.otp_requests` (no SMS is sent: the code is the sandbox's
  ``ssi_otp_code``). A wrong ``consumerID`` is ``"ConsumerID is invalid"``.
* ``AccessToken {consumerID, consumerSecret, twoFactorType, code, isSave}`` →
  ``data.accessToken``. ``twoFactorType`` is 0 (PIN) or 1 (OTP). With ``isSave: true`` the
  code must be the account's PIN (0) or OTP (1) — the two-factor type the account is set to,
  :attr:`Auth.two_factor_type` — and the token is a *write token*; with ``isSave: false`` any
  code is taken and the token is a *read token* (SSI's own clients fetch one with
  ``code: "1"``): a money-moving call made with it must carry the PIN/OTP in its body
  (:meth:`Auth.check_code`). A wrong ``consumerID`` is ``"Key does not exist."``, a wrong
  secret ``"ConsumerSecret is invalid"``; both 400.

**FCData** (``/api/v2/Market/AccessToken {consumerID, consumerSecret}``) → a data token.

**Tokens** are RS256 JWTs signed with the server's key (:mod:`.keys`)::

    {"iss": "vnfin-sandbox", "aud": "FCTrading" | "FCData", "sub": consumerID,
     "consumerID": ..., "twoFactorType": 0 | 1, "isSave": true | false,
     "iat": ..., "nbf": ..., "exp": iat + 8 h, "jti": ...}

(``twoFactorType`` and ``isSave`` only on trading tokens). Times are the server's wall clock
(:attr:`Auth.wall_clock`, epoch seconds), which is also the clock expiry is checked against.
Every other call needs ``Authorization: Bearer <token>`` of its product, alive: otherwise 401
(``"Unauthorized: ..."``). Every POST but the token calls carries ``X-Signature`` over the
raw body, checked with the public half of the consumer's key: missing or wrong → 401.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from ..replies import Reply
from .envelope import Refusal, ok
from .keys import TokenSigner, signature_ok
from .params import body, field, flag

TOKEN_LIFETIME = 8 * 3600.0  # seconds [reference §1.3: "valid within 8h"]
TRADING, DATA = "FCTrading", "FCData"


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


class Auth:
    """The consumer's credentials and second factors; issues and checks tokens.

    ``two_factor_type`` (0 PIN, 1 OTP) is the account's second factor, a knob;
    ``token_lifetime`` the tokens' lifetime in seconds; ``wall_clock`` the server clock.
    """

    def __init__(
        self,
        *,
        consumer_id: str,
        consumer_secret: str,
        public_key: rsa.RSAPublicKey,
        pin: str,
        otp_code: str,
        data_consumer_id: str,
        data_consumer_secret: str,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.consumer_id = consumer_id
        self._secret = consumer_secret
        self.public_key = public_key
        self._pin = pin
        self._otp = otp_code
        self.data_consumer_id = data_consumer_id
        self._data_secret = data_consumer_secret
        self.two_factor_type = 0
        self.token_lifetime = TOKEN_LIFETIME
        self.wall_clock = wall_clock
        self.signer = TokenSigner()
        self.otp_requests = 0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Auth(consumer_id={self.consumer_id!r}, two_factor_type={self.two_factor_type})"

    # -- the token endpoints ------------------------------------------------------------

    def get_otp(self, raw: bytes) -> Reply:
        data = body(raw)
        if not _same(field(data, "consumerID"), self.consumer_id):
            raise Refusal("ConsumerID is invalid")
        if not _same(field(data, "consumerSecret"), self._secret):
            raise Refusal("ConsumerSecret is invalid")
        with self._lock:
            self.otp_requests += 1
        return ok(None)

    def access_token(self, raw: bytes) -> Reply:
        data = body(raw)
        if not _same(field(data, "consumerID"), self.consumer_id):
            raise Refusal("Key does not exist.")
        if not _same(field(data, "consumerSecret"), self._secret):
            raise Refusal("ConsumerSecret is invalid")
        kind = field(data, "twoFactorType")
        if kind not in ("0", "1"):
            raise Refusal("TwoFactorType must be 0 (PIN) or 1 (OTP)")
        save = flag(data, "isSave")
        if save is None:
            raise Refusal("IsSave must be true or false")
        if save:
            if int(kind) != self.two_factor_type:
                raise Refusal(
                    f"TwoFactorType {kind} does not match the account's "
                    f"({self.two_factor_type}: {'OTP' if self.two_factor_type else 'PIN'})"
                )
            self.check_code(field(data, "code"))
        claims = {"consumerID": self.consumer_id, "twoFactorType": int(kind), "isSave": save}
        return ok({"accessToken": self._issue(TRADING, claims)})

    def data_token(self, raw: bytes) -> Reply:
        data = body(raw)
        if not _same(field(data, "consumerID"), self.data_consumer_id):
            raise Refusal("Key does not exist.")
        if not _same(field(data, "consumerSecret"), self._data_secret):
            raise Refusal("ConsumerSecret is invalid")
        return ok({"accessToken": self._issue(DATA, {"consumerID": self.data_consumer_id})})

    def _issue(self, audience: str, claims: dict[str, Any]) -> str:
        now = int(self.wall_clock())
        return self.signer.issue(
            {
                "iss": "vnfin-sandbox",
                "aud": audience,
                "sub": claims["consumerID"],
                **claims,
                "iat": now,
                "nbf": now,
                "exp": now + int(self.token_lifetime),
                "jti": secrets.token_hex(8),
            }
        )

    # -- checks on every other call ---------------------------------------------------------

    def check_code(self, code: str) -> None:
        """Refuse unless ``code`` is the account's PIN (type 0) or OTP (type 1)."""
        if self.two_factor_type == 1:
            if not code or not _same(code, self._otp):
                raise Refusal("OTP is invalid" if code else "OTP is required")
        elif not code or not _same(code, self._pin):
            raise Refusal("PIN is invalid" if code else "PIN is required")

    def bearer(self, headers: Mapping[str, str], audience: str) -> dict[str, Any]:
        """The claims of the request's live bearer token for ``audience`` (else 401)."""
        scheme, _, token = headers.get("authorization", "").strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Refusal("Unauthorized: an access token is required", 401)
        claims = self.signer.read(token.strip())
        if claims is None:
            raise Refusal("Unauthorized: invalid access token", 401)
        if claims.get("aud") != audience:
            raise Refusal(f"Unauthorized: this access token is not for {audience}", 401)
        wanted = self.consumer_id if audience == TRADING else self.data_consumer_id
        if claims.get("consumerID") != wanted:
            raise Refusal("Unauthorized: the access token's consumer is unknown", 401)
        expires = claims.get("exp")
        if not isinstance(expires, int) or expires <= self.wall_clock():
            raise Refusal("Unauthorized: the access token has expired", 401)
        return claims

    def signature(self, headers: Mapping[str, str], raw: bytes) -> None:
        """Refuse unless ``X-Signature`` signs the raw body under the consumer's key."""
        sent = headers.get("x-signature", "").strip()
        if not sent:
            raise Refusal("X-Signature is required", 401)
        if not signature_ok(self.public_key, raw, sent):
            raise Refusal("X-Signature is invalid", 401)
