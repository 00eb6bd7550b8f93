"""Consumers of the directory's authority events: the authorities read model (X-054,
REG-025), and the managing authority's name in the search read model when the directory
renames it (REG-018 authority-name search). Consumer group `<db_name>.authorities`."""

from __future__ import annotations

from imi_shared.envelope import Envelope, Event
from imi_shared.mongo import Transaction

from ..adapters.authorities import Authorities
from ..adapters.directory_events import (
    AuthorityDataChanged,
    AuthorityDeleted,
    AuthorityRegistered,
    AuthorityStatusChanged,
)
from ..adapters.register_index import RegisterIndex


async def on_registered(event: Event, envelope: Envelope, tx: Transaction) -> None:
    assert isinstance(event, AuthorityRegistered)
    await Authorities.of(tx).put(
        event.authority_id,
        member_state=event.member_state,
        status=event.status,
        official_name=event.official_name,
    )
    await RegisterIndex.of(tx).authority_renamed(event.authority_id, event.official_name)


async def on_status_changed(event: Event, envelope: Envelope, tx: Transaction) -> None:
    assert isinstance(event, AuthorityStatusChanged)
    await Authorities.of(tx).put(
        event.authority_id, member_state=event.member_state, status=event.new_status
    )


async def on_data_changed(event: Event, envelope: Envelope, tx: Transaction) -> None:
    assert isinstance(event, AuthorityDataChanged)
    name = event.changes.get("official_name")
    if isinstance(name, str):
        await Authorities.of(tx).put(
            event.authority_id, member_state=event.member_state, official_name=name
        )
        await RegisterIndex.of(tx).authority_renamed(event.authority_id, name)


async def on_deleted(event: Event, envelope: Envelope, tx: Transaction) -> None:
    assert isinstance(event, AuthorityDeleted)
    await Authorities.of(tx).put(
        event.authority_id, member_state=event.member_state, status="deleted"
    )


HANDLERS = {
    AuthorityRegistered.event_type: on_registered,
    AuthorityStatusChanged.event_type: on_status_changed,
    AuthorityDataChanged.event_type: on_data_changed,
    AuthorityDeleted.event_type: on_deleted,
}
