"""The notifier's narrow models of the directory's events (`imi.directory.events`, X-053).

Never imports `imi_directory`: only the fields recipient resolution needs, every other field
ignored. `tests/test_directory_contract.py` checks each against the directory's checked-in
schemas (`services/directory/contract/schemas/`). Other directory types are skipped unread.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from imi_shared.envelope import Event, EventCatalog
from imi_shared.sealing import SealedValue

from . import mail_events, recipient_events
from .recipient_events import RoleAssignment


class UserCreated(Event):
    event_type: ClassVar[str] = "user.created"
    schema_version: ClassVar[str] = "2.0"
    aggregate_type: ClassVar[str] = "user"
    aggregate_id_field: ClassVar[str] = "user_id"

    user_id: str = Field(max_length=100)
    authority_id: str = Field(max_length=100)
    member_state: str = Field(max_length=2)
    main_language: str = Field(max_length=8)
    # {first_name, last_name, email} sealed under `user:<id>` (RET-004): only the e-mail is
    # unsealed, to address the welcome (handlers/directory.py)
    personal_data: SealedValue
    first_user: bool = False
    # NOT-037: the first temporary password, sealed under `user:<id>`; unsealed by the mailer
    temporary_password: SealedValue | None = None
    # the user's rights (recipients read model: routing by role, handlers/recipients.py)
    roles: tuple[RoleAssignment, ...] = Field(default=(), max_length=500)


class AuthorityStatusChanged(Event):
    event_type: ClassVar[str] = "authority.status_changed"
    aggregate_type: ClassVar[str] = "authority"
    aggregate_id_field: ClassVar[str] = "authority_id"

    authority_id: str = Field(max_length=100)
    member_state: str = Field(max_length=2)
    new_status: str = Field(max_length=40)
    old_status: str | None = Field(default=None, max_length=40)  # NOT-035


USED: tuple[type[Event], ...] = (UserCreated, AuthorityStatusChanged)


def directory_catalog() -> EventCatalog:
    """Every directory type the notifier reads (its own and the recipients read model's)."""
    return EventCatalog(
        *USED, *recipient_events.USED, *mail_events.INVITATIONS, *mail_events.COORDINATOR
    )
