"""Wire versions of `user.created` and `user.credentials_reset` that carry the temporary
password SEALED for the notifier (N_DIR_TEMP_PASSWORD, N_DIR_PASSWORD_RESET; DIR-043, DIR-083,
DIR-095, X-017).

The domain events never hold a password (DIR-043). The handler that generated the password
seals it under a key of its own (`Sealer`, case id `temporary_key_id(user, hash)`, see
adapters/hashing.py) and publishes the domain
event extended by one field, `temporary_password` (a `SealedValue`, kind "text"). Same event
type, minor version 1.1: a consumer decoding with the domain class ignores the field (extra
fields are ignored), the notifier reads it and calls `Sealer.unseal`. Only holders of the key
store and its KEK can read it; the first login shreds that key, which makes every copy
unreadable, in Kafka and in the outbox alike. The username is never in these events (DIR-042).
"""

from __future__ import annotations

from typing import ClassVar

from imi_shared.sealing import SealedValue, Sealer

from ..domain.events import UserCreated, UserCredentialsReset
from .hashing import TEMPORARY_KEY_PREFIX, temporary_key_id

TEMP_PASSWORD_FIELD = "temporary_password"


class UserCreatedWithPassword(UserCreated):
    schema_version: ClassVar[str] = "1.1"

    temporary_password: SealedValue


class UserCredentialsResetWithPassword(UserCredentialsReset):
    schema_version: ClassVar[str] = "1.1"

    temporary_password: SealedValue


async def seal_temporary_password(
    sealer: Sealer, user_id: str, password: str, password_hash: str
) -> SealedValue:
    return await sealer.seal(temporary_key_id(user_id, password_hash), password)


def with_temporary_password(event, sealed: SealedValue):
    """The wire event for a domain `UserCreated` / `UserCredentialsReset` (others unchanged)."""
    wire = {
        UserCreated: UserCreatedWithPassword,
        UserCredentialsReset: UserCredentialsResetWithPassword,
    }.get(type(event))
    if wire is None:
        return event
    if not sealed.case_id.startswith(f"{TEMPORARY_KEY_PREFIX}{event.user_id}:"):
        raise ValueError("the temporary password was sealed for another user")
    return wire(**dict(event), temporary_password=sealed)
