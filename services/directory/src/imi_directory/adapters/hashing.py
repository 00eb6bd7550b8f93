"""Argon2 implementations of the domain's hasher ports (DIR-091, DIR-140).

Passwords: one argon2id hash (case-sensitive, DIR-091).

Security codes (DIR-140: "stored so that single positions can be checked but never shown"): login
asks 3 positions (DIR-093), so each of the 12 positions is hashed on its own. One character has
fewer than 100 possible values, so a per-position hash alone would give the code away to anyone
reading the database. Each position is therefore first keyed with HMAC-SHA256 under a *pepper*
derived from the user's data key in the key store (`user:<id>`, the same key that seals the
user's temporary passwords), then hashed with argon2id. The database alone reveals nothing; the
key store alone holds no code; shredding the user's key (RET-004 deletion) makes the digest
useless.
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
    """The key-store id of a user's data key (sealing and security-code pepper)."""
    return f"user:{user_id}"


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

    def burn(self, secret: str) -> None:
        """Spend the time of one verification (unknown username: no timing oracle)."""
        _verify(self._argon2, self._dummy, secret)


class Argon2SecurityCodes:
    """`SecurityCodeHasher` port for one user: peppered argon2id hash per position (1-based)."""

    def __init__(self, pepper: bytes, params: Argon2Params = CODE_PARAMS) -> None:
        if len(pepper) < 32:
            raise ValueError("the security-code pepper must have at least 256 bits")
        self._pepper = pepper
        self._argon2 = params.hasher()

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
    keys: KeyStore, user_id: str, params: Argon2Params = CODE_PARAMS
) -> Argon2SecurityCodes:
    """The security-code hasher of one user, peppered by the user's data key (created once)."""
    master = await keys.create_or_get(user_key_id(user_id))
    pepper = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PEPPER_INFO).derive(master)
    return Argon2SecurityCodes(pepper, params)
