"""SSI's X-Signature (reference §1.4): RSASSA-PKCS1-v1_5 over SHA-256 of the exact body bytes,
lowercase hex; keys in SSI's base64 <RSAKeyValue> XML and in PEM; the signer signs the bytes
that are sent, every POST but the token calls, never a GET."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import httpx
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

import vnfin
from vnfin.ssi import load_private_key, sign
from vnfin.ssi.auth import SSIAuth
from vnfin.ssi.tokens import WriteToken

BODIES = [
    '{"account":"1234567","instrumentID":"SSI","price":21000,"quantity":100}',
    '{"remark": "Chuyển tiền nội bộ — lệnh mua cổ phiếu Sữa Việt Nam", "amount": 1000000}',
    "",
    "Tiếng Việt có dấu: ắ ằ ẳ ẵ ặ đ ơ ư",
]


def verifies(key: rsa.RSAPrivateKey, body: bytes, signature: str) -> bool:
    try:
        key.public_key().verify(bytes.fromhex(signature), body, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


@pytest.mark.parametrize("body", BODIES)
def test_signatures_verify_and_agree_across_key_formats(
    rsa_key: rsa.RSAPrivateKey, ssi_key: str, pem_key: str, body: str
) -> None:
    from_xml = sign(body, ssi_key)
    from_pem = sign(body, pem_key)
    from_object = sign(body.encode("utf-8"), rsa_key)
    assert from_xml == from_pem == from_object
    assert re.fullmatch(r"[0-9a-f]{256}", from_xml)  # 1024-bit key: 128 bytes, lowercase hex
    assert verifies(rsa_key, body.encode("utf-8"), from_xml)


def test_the_signature_is_over_the_exact_bytes(rsa_key: rsa.RSAPrivateKey) -> None:
    compact = json.dumps({"a": "Sữa", "b": 1}, separators=(",", ":"), ensure_ascii=False)
    spaced = json.dumps({"a": "Sữa", "b": 1})  # SSI's Python client: spaces, \u escapes
    one, other = sign(compact, rsa_key), sign(spaced, rsa_key)
    assert one != other
    assert verifies(rsa_key, spaced.encode(), other)
    assert not verifies(rsa_key, compact.encode(), other)
    assert sign(compact, rsa_key) == one  # PKCS#1 v1.5 is deterministic


#: DER prefix of the SHA-256 DigestInfo (RFC 8017 §9.2, note 1).
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


def textbook_signature(key: rsa.RSAPrivateKey, body: bytes) -> str:
    """RSASSA-PKCS1-v1_5 with SHA-256 written out from RFC 8017 (EMSA-PKCS1-v1_5 encoding,
    then m^d mod n): an independent implementation to hold ``sign`` against."""
    numbers = key.private_numbers()
    n, d = numbers.public_numbers.n, numbers.d
    size = (n.bit_length() + 7) // 8
    digest_info = SHA256_DIGEST_INFO + hashlib.sha256(body).digest()
    encoded = b"\x00\x01" + b"\xff" * (size - len(digest_info) - 3) + b"\x00" + digest_info
    return pow(int.from_bytes(encoded, "big"), d, n).to_bytes(size, "big").hex()


@pytest.mark.parametrize("body", BODIES)
def test_sign_matches_the_textbook_computation(
    rsa_key: rsa.RSAPrivateKey, ssi_key: str, body: str
) -> None:
    assert sign(body, ssi_key) == textbook_signature(rsa_key, body.encode("utf-8"))


def test_the_xml_itself_and_base64_with_line_breaks_are_read(
    rsa_key: rsa.RSAPrivateKey, ssi_key: str
) -> None:
    xml = base64.b64decode(ssi_key).decode()
    wrapped = "\n".join(ssi_key[i : i + 64] for i in range(0, len(ssi_key), 64))
    for text in (xml, wrapped, ssi_key.encode()):
        key = load_private_key(text)
        assert key.private_numbers() == rsa_key.private_numbers()


def test_crt_parts_are_recomputed_not_trusted(rsa_key: rsa.RSAPrivateKey, ssi_key: str) -> None:
    xml = base64.b64decode(ssi_key).decode()
    broken = re.sub(r"<DP>[^<]*</DP>", "<DP>AQ==</DP>", xml)
    assert load_private_key(broken).private_numbers() == rsa_key.private_numbers()


def _mangle(ssi_key: str) -> dict[str, str]:
    xml = base64.b64decode(ssi_key).decode()
    modulus = re.search(r"<Modulus>([^<]*)</Modulus>", xml)
    assert modulus is not None
    return {
        "not base64": "this is not a key at all!",
        "not xml": base64.b64encode(b"hello").decode(),
        "wrong root": base64.b64encode(xml.replace("RSAKeyValue", "Key").encode()).decode(),
        "missing part": base64.b64encode(re.sub(r"<D>[^<]*</D>", "", xml).encode()).decode(),
        "inconsistent": xml.replace(modulus.group(1), base64.b64encode(b"\x01" * 128).decode()),
        "entities": '<!DOCTYPE x [<!ENTITY a "ZZsecretZZ">]><RSAKeyValue>&a;</RSAKeyValue>',
        "bad pem": "-----BEGIN PRIVATE KEY-----\nAAAA" + xml[:40] + "\n-----END PRIVATE KEY-----",
    }


@pytest.mark.parametrize(
    "case",
    ["not base64", "not xml", "wrong root", "missing part", "inconsistent", "entities", "bad pem"],
)
def test_bad_keys_are_refused_without_showing_them(ssi_key: str, case: str) -> None:
    text = _mangle(ssi_key)[case]
    with pytest.raises(vnfin.ValidationError) as info:
        load_private_key(text)
    assert info.value.argument == "private_key"
    message = str(info.value)
    assert "not shown" in message
    xml = base64.b64decode(ssi_key).decode()
    private_exponent = re.search(r"<D>([^<]{16})", xml)
    assert private_exponent is not None
    hidden = [ssi_key[40:52], ssi_key[-52:-40], private_exponent.group(1), "ZZsecretZZ"]
    hidden += ["this is not a key", "aGVsbG8"]  # the other mangled inputs' own text
    for chunk in hidden:
        assert chunk not in message


def test_a_non_rsa_pem_key_is_refused() -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    pem = (
        ec.generate_private_key(ec.SECP256R1())
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    with pytest.raises(vnfin.ValidationError, match="not an RSA key"):
        load_private_key(pem)


def _flow(auth: SSIAuth, request: httpx.Request) -> httpx.Request:
    flow = auth.auth_flow(request)
    sent = next(flow)
    return sent


def test_the_auth_signs_posts_with_the_write_token_and_leaves_gets_alone(
    rsa_key: rsa.RSAPrivateKey,
) -> None:
    writes = WriteToken()
    writes.set("header.eyJleHAiOjQxMDI0NDQ4MDB9.sig")  # exp 2100-01-01
    auth = SSIAuth(rsa_key, writes)
    body = '{"instrumentID":"VNM","remark":"Sữa"}'.encode()
    post = _flow(
        auth, httpx.Request("POST", "https://t.test/api/v2/Trading/NewOrder", content=body)
    )
    assert post.content == body
    assert verifies(rsa_key, body, post.headers["X-Signature"])
    assert post.headers["Authorization"] == "Bearer header.eyJleHAiOjQxMDI0NDQ4MDB9.sig"
    get = _flow(auth, httpx.Request("GET", "https://t.test/api/v2/Trading/orderBook?account=1"))
    assert "X-Signature" not in get.headers and "Authorization" not in get.headers


def test_an_unsaved_write_token_puts_the_code_in_the_signed_body(
    rsa_key: rsa.RSAPrivateKey,
) -> None:
    writes = WriteToken()
    writes.set("header.eyJleHAiOjQxMDI0NDQ4MDB9.sig", code="135790")
    auth = SSIAuth(rsa_key, writes)
    body = b'{"account":"1","code":"","deviceId":"AA:BB:CC:DD:EE:FF"}'
    sent = _flow(
        auth, httpx.Request("POST", "https://t.test/api/v2/Trading/NewOrder", content=body)
    )
    assert json.loads(sent.content)["code"] == "135790"
    assert sent.headers["Content-Length"] == str(len(sent.content))
    assert verifies(rsa_key, sent.content, sent.headers["X-Signature"])


def test_a_post_without_a_key_is_refused_before_sending() -> None:
    auth = SSIAuth(None)
    with pytest.raises(vnfin.ValidationError, match="private_key is required"):
        _flow(auth, httpx.Request("POST", "https://t.test/api/v2/Trading/NewOrder", content=b"{}"))
