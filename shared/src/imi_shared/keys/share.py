"""A data key wrapped for another deployment (HPKE-like, RFC 9180's shape with kept primitives).

To hand the key of case C to deployment B, the sender A:

1. makes an ephemeral X25519 key pair and computes ECDH(ephemeral, B's public key `key_id`);
2. derives a 256-bit key with HKDF-SHA256 over that secret, `info` binding the purpose, the case
   id, the sender, the recipient, the recipient's key id and both public keys
   (`imi-case-key/v1|C|A|B|key_id|eph|pub`), so a share cannot be replayed for another case,
   sender or recipient, nor opened with another key of B's;
3. encrypts the data key with AES-256-GCM under it, the case id as associated data.

Only B's private key opens it (`unwrap_share`); B then keeps the data key in ITS key store,
wrapped by ITS KEK (keys/sharing.py). The ephemeral private key is dropped at once, so A cannot
open its own share either. (Standard HPKE, `cryptography.hazmat.primitives.hpke`, becomes the
target once the project's `cryptography` floor has it; its wire shape is the same.)
"""

from __future__ import annotations

import base64
import binascii
import os
from typing import Final, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pydantic import BaseModel, ConfigDict, Field

from .errors import SealingError
from .pairs import DeploymentKeyPair
from .peers import PeerKey

ALG: Final = "X25519-HKDF-SHA256-A256GCM"
NONCE_BYTES = 12
_B64_32 = 44  # characters of base64 for 32 bytes
_ID = r"^[A-Za-z0-9._:-]{1,64}$"


class WrappedForDeployment(BaseModel):
    """A case's data key wrapped for one deployment's public key (plain JSON on the bus)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case_id: str = Field(min_length=1, max_length=200)
    sender: str = Field(pattern=_ID)  # the deployment that owns the key
    recipient: str = Field(pattern=_ID)
    recipient_key_id: str = Field(pattern=_ID)
    ephemeral_public: str = Field(min_length=_B64_32, max_length=_B64_32)
    nonce: str = Field(max_length=24)
    ciphertext: str = Field(max_length=80)  # 32-byte key + 16-byte tag
    alg: Literal["X25519-HKDF-SHA256-A256GCM"] = ALG


def wrap_for(data_key: bytes, case_id: str, sender: str, peer: PeerKey) -> WrappedForDeployment:
    """The share of `data_key` for `peer` (a fresh ephemeral key per share)."""
    ephemeral = X25519PrivateKey.generate()
    eph_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    try:
        secret = ephemeral.exchange(X25519PublicKey.from_public_bytes(peer.public))
    except ValueError as exc:
        raise SealingError(f"the public key of {peer.deployment_id} is unusable: {exc}") from exc
    key = _derive(secret, case_id, sender, peer.deployment_id, peer.key_id, eph_public, peer.public)
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(key).encrypt(nonce, data_key, _aad(case_id))
    return WrappedForDeployment(
        case_id=case_id,
        sender=sender,
        recipient=peer.deployment_id,
        recipient_key_id=peer.key_id,
        ephemeral_public=_b64(eph_public),
        nonce=_b64(nonce),
        ciphertext=_b64(ciphertext),
    )


def unwrap_share(share: WrappedForDeployment, own_id: str, pair: DeploymentKeyPair) -> bytes:
    """The data key of a share made for this deployment (`own_id`, its key pair). Raises
    `KekUnavailable` for a key id not held here, `SealingError` for a share addressed to
    another deployment, altered, or moved to another case."""
    if share.recipient != own_id:
        raise SealingError(f"the key share of {share.case_id} is for {share.recipient}, not us")
    try:
        eph_public = base64.b64decode(share.ephemeral_public, validate=True)
        nonce = base64.b64decode(share.nonce, validate=True)
        ciphertext = base64.b64decode(share.ciphertext, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SealingError(f"the key share of {share.case_id} is not base64") from exc
    secret = pair.exchange(share.recipient_key_id, eph_public)
    own_public = pair.public_key(share.recipient_key_id)
    key = _derive(
        secret, share.case_id, share.sender, own_id, share.recipient_key_id, eph_public, own_public
    )
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, _aad(share.case_id))
    except (InvalidTag, ValueError) as exc:
        raise SealingError(
            f"the key share of {share.case_id} failed authentication (altered, or made for "
            f"another case, sender or recipient)"
        ) from exc


def _derive(
    secret: bytes,
    case_id: str,
    sender: str,
    recipient: str,
    key_id: str,
    eph_public: bytes,
    recipient_public: bytes,
) -> bytes:
    info = (
        "|".join(
            ("imi-case-key/v1", case_id, sender, recipient, key_id, _b64(eph_public)),
        ).encode()
        + b"|"
        + recipient_public
    )
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


def _aad(case_id: str) -> bytes:
    return f"imi-case-key/v1|{case_id}".encode()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
