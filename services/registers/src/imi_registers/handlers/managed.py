"""Consumer of register events: keeps the managed-registers read model (REG-016, REG-026)."""

from __future__ import annotations

from imi_shared.envelope import Envelope
from imi_shared.mongo import Transaction

from ..adapters.managed import ManagedRegisters
from ..domain.events import RegisterAdded, RegisterManagingAuthorityChanged


async def on_added(event: RegisterAdded, envelope: Envelope, tx: Transaction) -> None:
    await ManagedRegisters.of(tx).manage(
        event.register_id, event.member_state, event.managing_authority_id
    )


async def on_management_changed(
    event: RegisterManagingAuthorityChanged, envelope: Envelope, tx: Transaction
) -> None:
    await ManagedRegisters.of(tx).manage(
        event.register_id, event.member_state, event.new_managing_authority_id
    )
