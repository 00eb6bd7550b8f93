"""Commands `AddRegister` (REG-002, REG-013) and `TransferRegisterManagement` (REG-014, REG-016)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from imi_shared.runner import Result, Step

from ..context import RegistersContext
from ..domain import register as rules
from ..domain.events import added, management_changed
from ..domain.register import Actor, Register, RegisterDetails


async def add_register(
    ctx: RegistersContext,
    details: RegisterDetails,
    actor: Actor,
    *,
    new_id: Callable[[], str] = lambda: f"reg-{uuid.uuid4().hex}",
) -> Result[Register]:
    def build(step: Step[Register]):
        register = rules.add_register(new_id(), details, actor, step.now)
        return register, [added(register)]

    return await ctx.runner.create(build)


async def transfer_management(
    ctx: RegistersContext,
    register_id: str,
    new_authority_id: str,
    actor: Actor,
    *,
    expected_version: int | None = None,
) -> Result[Register]:
    def decide(register: Register, step: Step[Register]):
        former = rules.transfer_management(register, new_authority_id, actor, step.now)
        return [management_changed(register, former, actor.user_id)]

    return await ctx.runner.change(register_id, decide, expected_version=expected_version)
