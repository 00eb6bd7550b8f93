"""Commands on registers: add (REG-002, REG-013), edit (REG-003, REG-014), delete (REG-004,
REG-015) and transfer the management (REG-014, REG-016, REG-025), each through
`CommandRunner`: one transaction holds the register, its search-index row (REG-017) and the
events on the outbox."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from imi_shared.runner import Result, Step

from ..adapters.authorities import Authorities
from ..adapters.register_index import RegisterIndex
from ..context import RegistersContext
from ..domain import register as rules
from ..domain.events import added, deleted, management_changed, name_changed
from ..domain.register import Actor, Register, RegisterDetails


async def _index(tx, register: Register) -> None:
    name = await Authorities.of(tx).name_of(register.managing_authority_id)
    await RegisterIndex.of(tx).put(register, name)


async def add_register(
    ctx: RegistersContext,
    details: RegisterDetails,
    actor: Actor,
    *,
    new_id: Callable[[], str] = lambda: f"reg-{uuid.uuid4().hex}",
) -> Result[Register]:
    async def build(step: Step[Register]):
        register = rules.add_register(new_id(), details, actor, step.now, ctx.reference)
        await _index(step.tx, register)
        return register, [added(register)]

    return await ctx.runner.create(build)


async def edit_register(
    ctx: RegistersContext,
    register_id: str,
    details: RegisterDetails,
    actor: Actor,
    *,
    managing_authority_id: str | None = None,
    expected_version: int | None = None,
) -> Result[Register]:
    """REG-014: an edit may also hand the management over (one transaction: all or nothing)."""
    rules.ensure_lda(actor, "REG-003")  # rights before state

    async def decide(register: Register, step: Step[Register]):
        renamed = rules.edit_register(register, details, actor, step.now, ctx.reference)
        events = [name_changed(register, actor.user_id)] if renamed else []
        new_id = managing_authority_id
        if new_id is not None and new_id != register.managing_authority_id:
            target = await Authorities.of(step.tx).get(new_id)
            former = rules.transfer_management(register, target, new_id, actor, step.now)
            events.append(management_changed(register, former, actor.user_id))
        await _index(step.tx, register)
        return events

    return await ctx.runner.change(register_id, decide, expected_version=expected_version)


async def delete_register(
    ctx: RegistersContext, register_id: str, actor: Actor
) -> Result[Register]:
    rules.ensure_lda(actor, "REG-004")

    async def decide(register: Register, step: Step[Register]):
        rules.delete_register(register, actor)
        await RegisterIndex.of(step.tx).remove(register_id)
        return [deleted(register, actor.user_id)]

    return await ctx.runner.delete(register_id, decide)


async def transfer_management(
    ctx: RegistersContext,
    register_id: str,
    new_authority_id: str,
    actor: Actor,
    *,
    expected_version: int | None = None,
) -> Result[Register]:
    rules.ensure_lda(actor, "REG-003")

    async def decide(register: Register, step: Step[Register]):
        target = await Authorities.of(step.tx).get(new_authority_id)
        former = rules.transfer_management(register, target, new_authority_id, actor, step.now)
        await _index(step.tx, register)
        return [management_changed(register, former, actor.user_id)]

    return await ctx.runner.change(register_id, decide, expected_version=expected_version)
