"""Commands on informal names: submit (or edit) one, translate one (TRL-009, TRL-016).

Who: an authority's informal name is submitted by its own local data administrators, a
register's by any local data administrator; only `commission_translation` translates — the
Commission's users act as it, as the directory treats them as the helpdesk (X-003).
"""

from __future__ import annotations

from imi_shared.auth import Principal
from imi_shared.errors import Forbidden

from ..adapters.name_repository import NameRepository
from ..context import TranslationContext
from ..domain import names
from ..domain.events import Entity


def _may_submit(principal: Principal, entity: Entity, entity_id: str) -> bool:
    if not principal.local_data_admin:
        return False
    return entity == "register" or principal.authority_id == entity_id


async def submit_name(
    ctx: TranslationContext,
    principal: Principal,
    entity: Entity,
    entity_id: str,
    lang: str,
    text: str,
) -> names.InformalName:
    """SubmitInformalName: a new name is queued; an edited one is re-queued (TRL-016)."""
    if not _may_submit(principal, entity, entity_id):
        raise Forbidden("TRL-009", "only the owner's local data administrators submit its name")
    wanted = names.name_id(entity, entity_id)
    existing = (await ctx.uow.run(lambda tx: NameRepository(tx).find(wanted))).value
    if existing is None:
        result = await ctx.runner.create(
            lambda step: names.submit(
                entity, entity_id, principal.member_state, lang, text, step.now
            )
        )
    else:
        result = await ctx.runner.change(
            wanted, lambda name, step: names.edit(name, lang, text, step.now)
        )
    assert result.aggregate is not None
    return result.aggregate


async def translate_name(
    ctx: TranslationContext,
    principal: Principal,
    entity: Entity,
    entity_id: str,
    lang: str,
    text: str,
) -> names.InformalName:
    """TranslateInformalName (TRL-009): `commission_translation` only."""
    if not principal.is_commission:
        raise Forbidden("TRL-009", "only commission_translation translates informal names")
    result = await ctx.runner.change(
        names.name_id(entity, entity_id),
        lambda name, step: names.translate(name, lang, text, step.now),
    )
    assert result.aggregate is not None
    return result.aggregate
