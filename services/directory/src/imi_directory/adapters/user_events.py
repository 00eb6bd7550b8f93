"""Wire versions of `user.created` and `user.credentials_reset` that carry the temporary
password SEALED for the notifier (N_DIR_TEMP_PASSWORD, N_DIR_PASSWORD_RESET; DIR-043, DIR-083,
DIR-095, X-017).

The domain events never hold a password (DIR-043). The handler that generated the password
seals it with the user's data key (`Sealer`, case id `user:<id>`) and publishes the domain
event extended by one field, `temporary_password` (a `SealedValue`, kind "text"). Same event
type, minor version 1.1: a consumer decoding with the domain class ignores the field (extra
fields are ignored), the notifier reads it and calls `Sealer.unseal`. Only holders of the key
store can read it; shredding `user:<id>` (RET-004 deletion) makes every copy unreadable, in Kafka
and in the outbox alike. The username is never in these events (DIR-042).
"""

from __future__ import annotations

from typing import ClassVar

from imi_shared.sealing import SealedValue, Sealer

from ..domain.events import UserCreated, UserCredentialsReset
from .hashing import user_key_id

TEMP_PASSWORD_FIELD = "temporary_password"


class UserCreatedWithPassword(UserCreated):
    schema_version: ClassVar[str] = "1.1"

    temporary_password: SealedValue


class UserCredentialsResetWithPassword(UserCredentialsReset):
    schema_version: ClassVar[str] = "1.1"

    temporary_password: SealedValue


async def seal_temporary_password(sealer: Sealer, user_id: str, password: str) -> SealedValue:
    return await sealer.seal(user_key_id(user_id), password)


def with_temporary_password(event, sealed: SealedValue):
    """The wire event for a domain `UserCreated` / `UserCredentialsReset` (others unchanged)."""
    wire = {
        UserCreated: UserCreatedWithPassword,
        UserCredentialsReset: UserCredentialsResetWithPassword,
    }.get(type(event))
    if wire is None:
        return event
    if sealed.case_id != user_key_id(event.user_id):
        raise ValueError("the temporary password was sealed for another user")
    return wire(**dict(event), temporary_password=sealed)
