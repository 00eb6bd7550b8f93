"""What the user and login handlers need besides `DirectoryContext`: hashers, random sources,
the wall clock of tokens and challenges. One per process (the `kit` field of `DirectoryContext`),
never global; tests inject their own (`create_app(..., kit=CredentialKit.for_tests())`).

Wall clock vs `DirectoryContext.clock`: token expiry and challenge expiry are checked by other
processes and by MongoDB's TTL sweep against real time, so they use `wall_clock`; business
timestamps in the domain (locked_at, reset_at...) use the directory's clock.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property

from imi_shared.clock import Clock, system_clock
from imi_shared.sealing import SealedValue, Sealer

from ..adapters.hashing import (
    CODE_PARAMS,
    FAST_TEST_PARAMS,
    Argon2Params,
    Argon2Passwords,
    Argon2SecurityCodes,
    code_hasher,
    temporary_key_id,
)
from ..adapters.user_events import seal_temporary_password
from ..domain.credentials import generate_temporary_password

CHALLENGE_TTL = timedelta(minutes=5)


@dataclass(frozen=True)
class TemporaryPassword:
    """A fresh temporary password: its hash for the user record, and the value sealed for the
    notifier. The plain text is never stored, logged or returned."""

    hash: str
    sealed: SealedValue


@dataclass
class CredentialKit:
    passwords: Argon2Passwords = field(default_factory=Argon2Passwords)
    code_params: Argon2Params = CODE_PARAMS
    positions_rng: random.Random = field(default_factory=random.SystemRandom)
    secrets_rng: random.Random = field(default_factory=random.SystemRandom)
    wall_clock: Clock = system_clock  # also the throttle's clock (its TTL sweep is real time)
    challenge_ttl: timedelta = CHALLENGE_TTL
    code_hashers: type[Argon2SecurityCodes] = Argon2SecurityCodes  # tests count calls

    @classmethod
    def for_tests(cls, seed: int = 7) -> CredentialKit:
        """Seeded positions and fast argon2 parameters (still argon2id)."""
        return cls(
            passwords=Argon2Passwords(FAST_TEST_PARAMS),
            code_params=FAST_TEST_PARAMS,
            positions_rng=random.Random(seed),
        )

    async def codes_for(self, sealer: Sealer, user_id: str) -> Argon2SecurityCodes:
        return await code_hasher(sealer.key_store, user_id, self.code_params, self.code_hashers)

    @cached_property
    def decoy_codes(self) -> tuple[Argon2SecurityCodes, str]:
        """A code hasher under a random pepper and its decoy digest: what a login verifies
        when the user has no code to check (issue 9 item 4)."""
        codes = self.code_hashers(os.urandom(32), self.code_params)
        return codes, codes.decoy_digest()

    async def temporary_password(self, sealer: Sealer, user_id: str) -> TemporaryPassword:
        """DIR-043 / DIR-095: generate, hash and seal (under its own key) a temporary password."""
        return await self.sealed_temporary_password(
            sealer, user_id, generate_temporary_password(self.secrets_rng)
        )

    async def sealed_temporary_password(
        self, sealer: Sealer, user_id: str, plain: str
    ) -> TemporaryPassword:
        hashed = self.passwords.hash(plain)
        return TemporaryPassword(
            hashed, await seal_temporary_password(sealer, user_id, plain, hashed)
        )

    async def forget_temporary_password(
        self, sealer: Sealer, user_id: str, password_hash: str
    ) -> None:
        """Once spent (first login) or replaced (reset), a temporary password must be readable
        nowhere: shred the key that sealed it (every copy in Kafka and outboxes goes with it)."""
        await sealer.shred(temporary_key_id(user_id, password_hash))
