"""The credential check of a login, the same work for every attempt (issue 9 items 4 and 5).

Every attempt verifies exactly one password hash and one 3-position security code digest: the
user's when they apply, otherwise decoys (unknown or removed user, no code yet, positions not
the ones asked). So an unknown username costs what a known one costs: no timing oracle. Both
verifications run in the hash pool, off the event loop.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from imi_shared.sealing import KeyShredded

from ..adapters.hashing import user_key_id
from ..bootstrap import DirectoryContext
from ..domain.credentials import SECURITY_CODE_POSITIONS_ASKED, answers_match_challenge
from ..domain.users import CredentialStage, User
from .credential_kit import CredentialKit

DECOY_KEY = "decoy"


@dataclass(frozen=True)
class Checked:
    password_ok: bool
    code_ok: bool
    hashes: tuple[str | None, str | None]  # what was verified (a later change voids the check)


def _padded(asked: Sequence[int], answers: Mapping[int, str]) -> dict[int, str]:
    positions = tuple(asked) if len(asked) == SECURITY_CODE_POSITIONS_ASKED else (1, 2, 3)
    return {p: (str(answers.get(p) or "?"))[:1] for p in positions}


async def check_credentials(
    ctx: DirectoryContext,
    kit: CredentialKit,
    user: User | None,
    password: str,
    answers: Mapping[int, str],
    asked: Sequence[int],
) -> Checked:
    real_password = user is not None and user.password_hash is not None
    password_hash = user.password_hash if user is not None and user.password_hash else None
    codes, digest = kit.decoy_codes
    given = _padded(asked, answers)
    real_code = False
    if (
        user is not None
        and not user.is_removed
        and user.credential_stage is CredentialStage.READY
        and user.security_code_digest is not None
        and answers_match_challenge(asked, answers)
    ):
        try:
            codes = await kit.codes_for(ctx.sealer, user.id)
            digest, given, real_code = user.security_code_digest, dict(answers), True
        except KeyShredded:
            pass
    else:  # the same key-store round trip as a real code check
        await ctx.sealer.key_store.get(user_key_id(DECOY_KEY))
    target = password_hash or kit.passwords.decoy_hash

    def verify() -> tuple[bool, bool]:
        return kit.passwords.verify(password, target), codes.verify(digest, given)

    password_ok, code_ok = await ctx.hash_pool.run(verify)
    return Checked(
        password_ok and real_password,
        code_ok and real_code,
        (password_hash, user.security_code_digest if user is not None else None),
    )
