"""Authorities' informal names enter the translation queue when the directory says they
changed (TRL-009, TRL-016): consumer `<db_name>.directory-names` of `imi.directory.events`.

`authority.registered` (2.1) gives the first name and its language; `authority.data_changed`
(general data) an edited name or language: a new name is queued for every other official
language, an edited one resets its translations to pending and is re-queued (TRL-016). A
name without a language is not queued (TRL-016: each name stores its language); an emptied
name leaves the queue as it was. Runs in the consumer's transaction: handled once.
"""

from __future__ import annotations

from imi_shared.envelope import Event

from ..adapters.directory_events import informal_name_of
from ..adapters.name_repository import NameRepository
from ..context import TranslationContext
from ..domain import names

AUTHORITY = "authority"


async def name_from_directory(ctx: TranslationContext, event: Event, tx) -> bool:
    """True if the event queued (or re-queued) the authority's name."""
    found = informal_name_of(event)
    if found is None:
        return False
    text, lang = found
    authority_id, member_state = event.authority_id, event.member_state  # type: ignore[attr-defined]
    wanted = names.name_id(AUTHORITY, authority_id)
    runner = ctx.names_runner_in(tx)
    existing = await NameRepository(tx).find(wanted)
    if existing is None:
        if not text or not lang:
            return False
        result = await runner.create(
            lambda step: names.submit(AUTHORITY, authority_id, member_state, lang, text, step.now)
        )
    else:
        new_lang, new_text = lang or existing.lang, text or existing.text
        result = await runner.change(
            wanted, lambda name, step: names.edit(name, new_lang, new_text, step.now)
        )
    return bool(result.envelopes)
