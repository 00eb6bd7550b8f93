"""AddRegister / TransferRegisterManagement handlers and the managed-registers consumer, on
the kernel's in-memory fakes (milliseconds)."""

import pytest

from imi_registers.adapters.managed import ManagedRegisters
from imi_registers.context import RegistersContext
from imi_registers.domain.events import RegisterAdded, RegisterManagingAuthorityChanged
from imi_registers.domain.register import (
    Actor,
    GeographicCoverage,
    RegisterDetails,
    RegisterType,
)
from imi_registers.handlers.managed import on_added, on_management_changed
from imi_registers.handlers.registers import add_register, transfer_management
from imi_registers.settings import RegistersSettings
from imi_shared.errors import Conflict, Forbidden, NotFound
from imi_testkit import FakeClock, FakeUnitOfWork

LDA_A = Actor("u-a", "ca-a", "DE", local_data_admin=True)
DETAILS = RegisterDetails(
    "Handelsregister",
    "Commercial register",
    GeographicCoverage.NATIONAL,
    RegisterType.GENERAL,
    "Amtsgericht",
)


def context():
    return RegistersContext.create(
        RegistersSettings(topic_prefix="t."), FakeUnitOfWork(), FakeClock()
    )


async def test_reg_002_adding_stores_the_register_and_emits_register_added():
    ctx = context()
    result = await add_register(ctx, DETAILS, LDA_A, new_id=lambda: "g1")
    [envelope] = ctx.uow.published("register.added")
    assert (result.version, envelope.aggregate_id, envelope.member_state) == (1, "g1", "DE")
    assert ctx.uow.outbox[0].topic == "t.imi.registers.events"
    assert ctx.uow.collections["registers"]["g1"]["created_at"] == ctx.clock()


async def test_reg_002_a_user_who_is_not_lda_is_refused_and_nothing_is_stored():
    ctx = context()
    with pytest.raises(Forbidden):
        await add_register(ctx, DETAILS, Actor("u", "ca-a", "DE"))
    assert ctx.uow.outbox == [] and ctx.uow.collections.get("registers", {}) == {}


async def test_reg_016_transfer_emits_managing_authority_changed_with_a_version_check():
    ctx = context()
    await add_register(ctx, DETAILS, LDA_A, new_id=lambda: "g1")
    moved = await transfer_management(ctx, "g1", "ca-b", LDA_A, expected_version=1)
    assert (moved.version, moved.event_types) == (2, ["register.managing_authority_changed"])
    with pytest.raises(Conflict):  # stale version
        await transfer_management(ctx, "g1", "ca-c", LDA_A, expected_version=1)
    with pytest.raises(NotFound):
        await transfer_management(ctx, "nope", "ca-c", LDA_A)


async def test_reg_026_the_read_model_follows_who_manages_the_register():
    ctx = context()
    await add_register(ctx, DETAILS, LDA_A, new_id=lambda: "g1")
    await transfer_management(ctx, "g1", "ca-b", LDA_A)
    reader = FakeUnitOfWork()
    handlers = {
        RegisterAdded.event_type: (RegisterAdded, on_added),
        RegisterManagingAuthorityChanged.event_type: (
            RegisterManagingAuthorityChanged,
            on_management_changed,
        ),
    }
    for envelope in ctx.uow.published():
        cls, handler = handlers[envelope.event_type]
        event = cls.model_validate(envelope.payload)
        await reader.run(lambda tx, h=handler, ev=event, en=envelope: h(ev, en, tx))

    async def managed(authority_id):
        return (
            await reader.run(lambda tx: ManagedRegisters.of(tx).of_authority(authority_id))
        ).value

    assert await managed("ca-a") == []
    assert await managed("ca-b") == [{"register_id": "g1", "member_state": "DE"}]
