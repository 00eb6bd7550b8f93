"""Informal names enter the translation queue when the service owning them says they changed
(TRL-009, TRL-016, REG-009, DIR-024): one queueing function for both owners.

- Authorities: consumer `<db_name>.directory-names` of `imi.directory.events`:
  `authority.registered` (2.1) gives the first name and its language, `authority.data_changed`
  (general data) an edited name or language.
- Registers: consumer `<db_name>.register-names` of `imi.registers.events`: `register.added`
  (1.1) gives the first name and its language, `register.informal_name_changed` the name and
  language as they now are.

A new name is queued for every other official language; an edited one resets its translations
to pending and is re-queued (TRL-016). A name without a language is not queued (TRL-016: each
name stores its language); an emptied name or language leaves the stored one as it was; the
same name again (a redelivery) changes nothing. Runs in the consumer's transaction: handled
once.
"""

from __future__ import annotations

from imi_shared.envelope import Event

from ..adapters import directory_events, register_events
from ..adapters.name_repository import NameRepository
from ..context import TranslationContext
from ..domain import names


async def queue_name(ctx: TranslationContext, change: names.NameChange | None, tx) -> bool:
    """True if the change queued (or re-queued) the name (TRL-009, TRL-016)."""
    if change is None:
        return False
    wanted = names.name_id(change.entity, change.entity_id)
    runner = ctx.names_runner_in(tx)
    existing = await NameRepository(tx).find(wanted)
    if existing is None:
        text, lang = change.text, change.lang
        if not text or not lang:
            return False
        result = await runner.create(
            lambda step: names.submit(
                change.entity, change.entity_id, change.member_state, lang, text, step.now
            )
        )
    else:
        new_lang, new_text = change.lang or existing.lang, change.text or existing.text
        result = await runner.change(
            wanted, lambda name, step: names.edit(name, new_lang, new_text, step.now)
        )
    return bool(result.envelopes)


async def name_from_directory(ctx: TranslationContext, event: Event, tx) -> bool:
    """An authority's name from `imi.directory.events` (TRL-009, DIR-024)."""
    return await queue_name(ctx, directory_events.name_change(event), tx)


async def name_from_registers(ctx: TranslationContext, event: Event, tx) -> bool:
    """A register's name from `imi.registers.events` (TRL-009, REG-009)."""
    return await queue_name(ctx, register_events.name_change(event), tx)
