"""The published (wire) form of the directory events that hold personal data or secrets
(RET-004, X-010, X-017): no name, e-mail, contact detail or registration code in clear on
`imi.directory.events`, whose records Kafka keeps for 30 days and cannot erase.

Each such value is sealed with the kernel's `Sealer` (AES-GCM, `imi_shared.sealing`) under the
key of the record it belongs to, so shredding that key erases every copy at once (topic and
outbox alike):
- a user's names and e-mail under `user:<id>` (the key of its temporary passwords and of its
  security-code pepper, `adapters.hashing.user_key_id`);
- an authority's contact data (`domain.events.CONTACT_FIELDS`) under `authority:<id>`;
- an invitation's e-mail, personal message and registration code under `invitation:<id>`.

Why the registration code is sealed rather than left out: the notifier must put it in the
N_DIR_INVITATION and N_DIR_INVITATION_REMINDER e-mails (DIR-052, DIR-064, DIR-066) and may
not fetch it from the directory by a synchronous call (X-054), and a read model of its own
would need the code on the bus anyway. Sealed, only holders of the key store read it, and
shredding the invitation's key (at its deletion, RET-007..RET-009) makes every published copy
unreadable. (`invitation.reminder_due` is sealed where it is built,
`handlers.invitation_events`.)

The domain events keep their plaintext fields (pure facts, never published as such);
`seal_events` turns them into these wire classes before `adapters.publisher.emit`, which
refuses an unsealed one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from imi_shared.envelope import Event
from imi_shared.sealing import SealedValue, Sealer

from ..domain.events import (
    CONTACT_FIELDS,
    AuthorityDataChanged,
    AuthorityRegistered,
    AuthorityRegisteredFacts,
    CoordinatorMailingSent,
    CoordinatorMailingSentFacts,
    InvitationDispatchDue,
    InvitationDispatchDueFacts,
    UserCreated,
    UserCreatedFacts,
)
from .hashing import user_key_id


def authority_key_id(authority_id: str) -> str:
    return f"authority:{authority_id}"


def invitation_key_id(invitation_id: str) -> str:
    return f"invitation:{invitation_id}"


def mailing_key_id(mailing_id: str) -> str:
    return f"mailing:{mailing_id}"


class SealedUserCreated(UserCreatedFacts):
    """`user.created` as published (2.0): `personal_data` is `{first_name, last_name, email}`
    sealed under `user:<id>` (kind json); `temporary_password` the user's first temporary
    password sealed under the same key (kind text, DIR-043, DIR-083)."""

    schema_version: ClassVar[str] = "2.0"

    personal_data: SealedValue
    temporary_password: SealedValue | None = None


class SealedAuthorityRegistered(AuthorityRegisteredFacts):
    """`authority.registered` as published (2.1): `contact` is `{email}` sealed under
    `authority:<id>` (kind json); 2.1 adds the informal name and its language (TRL-009)."""

    schema_version: ClassVar[str] = "2.1"

    contact: SealedValue


class SealedAuthorityDataChanged(AuthorityDataChanged):
    """`authority.data_changed` as published (1.1): `changes` without the contact fields;
    those changed are in `sealed_contact` (a json object sealed under `authority:<id>`)."""

    schema_version: ClassVar[str] = "1.1"

    sealed_contact: SealedValue | None = None


class SealedInvitationDispatchDue(InvitationDispatchDueFacts):
    """`invitation.dispatch_due` as published (2.0): `invitation` is `{email,
    personal_message, registration_code}` sealed under `invitation:<id>` (kind json)."""

    schema_version: ClassVar[str] = "2.0"

    invitation: SealedValue


class SealedCoordinatorMailingSent(CoordinatorMailingSentFacts):
    """`coordinator.mailing_sent` as published (1.0, DIR-135, NOT-040): `message` is
    `{subject, body}` sealed under `mailing:<id>` (kind json): the coordinator's free text
    may name an official, so it never travels in clear; the notifier unseals it to render."""

    message: SealedValue


def needs_sealing(event: Event) -> bool:
    """A domain event holding plaintext personal data or a secret (not yet sealed)."""
    if isinstance(
        event, (UserCreated, AuthorityRegistered, InvitationDispatchDue, CoordinatorMailingSent)
    ):
        return True
    return type(event) is AuthorityDataChanged


def _facts(event: Event, facts: type[Event]) -> dict[str, Any]:
    return {name: getattr(event, name) for name in facts.model_fields}


async def seal_event(sealer: Sealer, event: Event) -> Event:
    """The published form of `event` (itself when it holds nothing to seal)."""
    if isinstance(event, UserCreated):
        personal = {"first_name": event.first_name, "last_name": event.last_name}
        return SealedUserCreated(
            **_facts(event, UserCreatedFacts),
            personal_data=await sealer.seal(
                user_key_id(event.user_id), {**personal, "email": event.email}
            ),
            temporary_password=getattr(event, "temporary_password", None),
        )
    if isinstance(event, AuthorityRegistered):
        return SealedAuthorityRegistered(
            **_facts(event, AuthorityRegisteredFacts),
            contact=await sealer.seal(authority_key_id(event.authority_id), {"email": event.email}),
        )
    if type(event) is AuthorityDataChanged:
        contact = {k: v for k, v in event.changes.items() if k in CONTACT_FIELDS}
        rest = {k: v for k, v in event.changes.items() if k not in CONTACT_FIELDS}
        sealed = None
        if contact:
            sealed = await sealer.seal(authority_key_id(event.authority_id), contact)
        return SealedAuthorityDataChanged(
            **{**_facts(event, AuthorityDataChanged), "changes": rest}, sealed_contact=sealed
        )
    if isinstance(event, InvitationDispatchDue):
        secret = {
            "email": event.email,
            "personal_message": event.personal_message,
            "registration_code": event.registration_code,
        }
        return SealedInvitationDispatchDue(
            **_facts(event, InvitationDispatchDueFacts),
            invitation=await sealer.seal(invitation_key_id(event.invitation_id), secret),
        )
    if isinstance(event, CoordinatorMailingSent):
        text = {"subject": event.subject, "body": event.body}
        return SealedCoordinatorMailingSent(
            **_facts(event, CoordinatorMailingSentFacts),
            message=await sealer.seal(mailing_key_id(event.mailing_id), text),
        )
    return event


async def seal_events(sealer: Sealer, events: Iterable[Event]) -> list[Event]:
    return [await seal_event(sealer, event) for event in events]
