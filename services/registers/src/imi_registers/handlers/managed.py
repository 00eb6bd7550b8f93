"""Consumer of register events: keeps the managed-registers read model (REG-016, REG-026)."""

from __future__ import annotations

from imi_shared.envelope import Envelope, Event
from imi_shared.mongo import Transaction

from ..adapters.managed import ManagedRegisters
from ..domain.events import RegisterAdded, RegisterDeleted, RegisterManagingAuthorityChanged


async def on_added(event: Event, envelope: Envelope, tx: Transaction) -> None:
    assert isinstance(event, RegisterAdded)
    await ManagedRegisters.of(tx).manage(
        event.register_id, event.member_state, event.managing_authority_id
    )


async def on_management_changed(event: Event, envelope: Envelope, tx: Transaction) -> None:
    assert isinstance(event, RegisterManagingAuthorityChanged)
    await ManagedRegisters.of(tx).manage(
        event.register_id, event.member_state, event.new_managing_authority_id
    )


async def on_deleted(event: Event, envelope: Envelope, tx: Transaction) -> None:
    assert isinstance(event, RegisterDeleted)
    await ManagedRegisters.of(tx).forget(event.register_id)


HANDLERS = {
    RegisterAdded.event_type: on_added,
    RegisterManagingAuthorityChanged.event_type: on_management_changed,
    RegisterDeleted.event_type: on_deleted,
}
