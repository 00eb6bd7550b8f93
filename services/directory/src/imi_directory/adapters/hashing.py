"""Argon2 implementations of the domain's hasher ports (DIR-091, DIR-140).

Passwords: one argon2id hash (case-sensitive, DIR-091).

Security codes (DIR-140: "stored so that single positions can be checked but never shown"). Login
asks 3 positions (DIR-093), so a position must be checkable on its own, and each of the 12
positions is stored on its own. One position has fewer than 100 possible values: no hash
parameters protect that (100 argon2id guesses cost well under a minute even at m=64 MiB), so
stronger argon2 alone is no design. The protection is a secret *pepper* that is not in MongoDB:

* each position is keyed with HMAC-SHA256 under the user's pepper (position and character in the
  message), then hashed with argon2id (a random salt per hash);
* the pepper is derived (HKDF) from the user's data key `user:<id>` in the key store, which
  stores it only WRAPPED by the deployment's key-encryption key (imi_shared.keys); the KEK is
  held outside MongoDB (a keyring file / environment secret, or a KMS).

Reading the whole database (users and key store) gives argon2id hashes of HMAC outputs and a
wrapped key: with no pepper there is nothing to guess position by position (a 256-bit HMAC key).
Only a process holding the KEK can check a position. Argon2id stays as a second wall should the
KEK leak too. Shredding the user's key (RET-004 deletion) makes the digest useless.

Temporary passwords (DIR-043, DIR-095) are sealed for the notifier under a key of their own,
`temporary_key_id` (one per issued password), never under `user:<id>`: the first login shreds it
(`forget_temporary_password`), so the copies in Kafka and in the outbox are unreadable once used.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from imi_shared.sealing import KeyStore

DIGEST_VERSION = 1
PEPPER_INFO = b"imi-directory/security-code-pepper/v1"


@dataclass(frozen=True)
class Argon2Params:
    time_cost: int
    memory_cost: int  # KiB
    parallelism: int

    def hasher(self) -> PasswordHasher:
        return PasswordHasher(
            time_cost=self.time_cost, memory_cost=self.memory_cost, parallelism=self.parallelism
        )


PASSWORD_PARAMS = Argon2Params(time_cost=3, memory_cost=64 * 1024, parallelism=4)  # RFC 9106
CODE_PARAMS = Argon2Params(time_cost=2, memory_cost=19 * 1024, parallelism=1)  # OWASP minimum
FAST_TEST_PARAMS = Argon2Params(time_cost=1, memory_cost=1024, parallelism=1)  # tests only


def user_key_id(user_id: str) -> str:
    """The key-store id of a user's data key (the security-code pepper)."""
    return f"user:{user_id}"


TEMPORARY_KEY_PREFIX = "user-temp:"


def temporary_key_id(user_id: str, password_hash: str) -> str:
    """The key-store id of the key sealing ONE temporary password: named after the password's
    own hash (on the user record until the first login), so the login that spends the password
    finds the key to shred without storing anything more. The hash is salted: the id gives
    nothing away."""
    digest = hashlib.sha256(password_hash.encode()).hexdigest()[:24]
    return f"{TEMPORARY_KEY_PREFIX}{user_id}:{digest}"


def _verify(hasher: PasswordHasher, hashed: str, secret: str | bytes) -> bool:
    try:
        return hasher.verify(hashed, secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


class Argon2Passwords:
    """`PasswordHasher` port: argon2id."""

    def __init__(self, params: Argon2Params = PASSWORD_PARAMS) -> None:
        self._argon2 = params.hasher()
        self._dummy = self._argon2.hash("imi-no-such-user")

    def hash(self, secret: str) -> str:
        return self._argon2.hash(secret)

    def verify(self, secret: str, hashed: str) -> bool:
        return _verify(self._argon2, hashed, secret)

    @property
    def decoy_hash(self) -> str:
        """A hash no password matches knowingly: verified instead of a missing user's, so an
        unknown username costs the same work as a known one (issue 9 item 4)."""
        return self._dummy


class Argon2SecurityCodes:
    """`SecurityCodeHasher` port for one user: peppered argon2id hash per position (1-based)."""

    def __init__(self, pepper: bytes, params: Argon2Params = CODE_PARAMS) -> None:
        if len(pepper) < 32:
            raise ValueError("the security-code pepper must have at least 256 bits")
        self._pepper = pepper
        self._argon2 = params.hasher()

    def decoy_digest(self) -> str:
        """A digest to verify when the user has no code to check (unknown, removed, no code
        yet): the same work per position as a real one, matching nothing knowingly."""
        one = self._argon2.hash(self._keyed(0, "imi-decoy"))
        return json.dumps({"v": DIGEST_VERSION, "positions": [one] * 12}, separators=(",", ":"))

    def _keyed(self, position: int, char: str) -> bytes:
        message = f"{position}:{char}".encode()
        return hmac.new(self._pepper, message, hashlib.sha256).digest()

    def digest(self, code: str) -> str:
        hashes_ = [self._argon2.hash(self._keyed(i, ch)) for i, ch in enumerate(code, start=1)]
        return json.dumps({"v": DIGEST_VERSION, "positions": hashes_}, separators=(",", ":"))

    def verify(self, digest: str, answers: Mapping[int, str]) -> bool:
        try:
            stored = json.loads(digest)["positions"]
        except (ValueError, KeyError, TypeError):
            return False
        if not answers:
            return False
        ok = True
        for position, char in answers.items():  # check every answer: no early exit
            if not 1 <= position <= len(stored) or len(char) != 1:
                ok = False
                continue
            ok &= _verify(self._argon2, stored[position - 1], self._keyed(position, char))
        return ok


async def code_hasher(
    keys: KeyStore,
    user_id: str,
    params: Argon2Params = CODE_PARAMS,
    factory: type[Argon2SecurityCodes] = Argon2SecurityCodes,
) -> Argon2SecurityCodes:
    """The security-code hasher of one user, peppered by the user's data key (created once)."""
    master = await keys.create_or_get(user_key_id(user_id))
    pepper = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PEPPER_INFO).derive(master)
    return factory(pepper, params)
