"""Credential rules (DIR-091..DIR-095, X-037..X-040): security code policy, the positions asked
at login, lock-out threshold, generated secrets. Hashing is not domain: adapters implement
`PasswordHasher` (e.g. argon2) and `SecurityCodeHasher`.
"""

from __future__ import annotations

import random
import string
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Protocol

from imi_shared.errors import InvalidInput

SECURITY_CODE_LENGTH = 12
SECURITY_CODE_POSITIONS_ASKED = 3
MAX_FAILED_LOGINS = 5
TEMP_PASSWORD_MAX_DELAY = timedelta(hours=48)  # X-037, DIR-083
SYMBOLS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


class PasswordHasher(Protocol):
    """Adapter port: one-way hashing of passwords (case-sensitive, DIR-091)."""

    def hash(self, secret: str) -> str: ...

    def verify(self, secret: str, hashed: str) -> bool: ...


class SecurityCodeHasher(Protocol):
    """Adapter port: stores a security code so that single positions can be checked but the
    code is never shown (DIR-140). Positions are 1-based."""

    def digest(self, code: str) -> str: ...

    def verify(self, digest: str, answers: Mapping[int, str]) -> bool: ...


def check_security_code(code: str) -> None:
    """DIR-092 / DIR-146: exactly 12 characters combining letters, digits and symbols."""
    if len(code) != SECURITY_CODE_LENGTH:
        raise InvalidInput(
            "DIR-092",
            f"the security code must have {SECURITY_CODE_LENGTH} characters (it has {len(code)})",
        )
    if any(ch.isspace() for ch in code):
        raise InvalidInput("DIR-092", "the security code cannot contain blanks")
    classes = {
        "letters": any(ch.isalpha() for ch in code),
        "digits": any(ch.isdigit() for ch in code),
        "symbols": any(not ch.isalnum() for ch in code),
    }
    missing = [name for name, present in classes.items() if not present]
    if missing:
        raise InvalidInput("DIR-092", f"the security code needs {' and '.join(missing)}")


def choose_code_positions(rng: random.Random) -> tuple[int, ...]:
    """DIR-093: 3 distinct random positions (1-based, ascending) of the 12-character code."""
    picked = rng.sample(range(1, SECURITY_CODE_LENGTH + 1), SECURITY_CODE_POSITIONS_ASKED)
    return tuple(sorted(picked))


def answers_match_challenge(challenge: Sequence[int], answers: Mapping[int, str]) -> bool:
    """The user answered exactly the positions asked, one character each."""
    return (
        len(challenge) == SECURITY_CODE_POSITIONS_ASKED
        and set(answers) == set(challenge)
        and all(len(ch) == 1 for ch in answers.values())
    )


def generate_temporary_password(rng: random.Random, length: int = 16) -> str:
    """A temporary password mixing letters, digits and symbols (e-mailed only to the user)."""
    pools = (string.ascii_letters, string.digits, "!#$%&*+-=?@_")
    chars = [rng.choice(pool) for pool in pools]
    chars += [rng.choice("".join(pools)) for _ in range(length - len(chars))]
    rng.shuffle(chars)
    return "".join(chars)


def generate_registration_code(rng: random.Random, length: int = 16) -> str:
    """An invitation's registration code (DIR-055); uniqueness is checked by persistence.
    Pass a `random.SystemRandom()` in production."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
    return "".join(rng.choice(alphabet) for _ in range(length))
