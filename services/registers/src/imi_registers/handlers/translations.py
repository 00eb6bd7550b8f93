"""The translation service's translations of registers' informal names into the search read
model (TRL-009, TRL-011): consumer `<db_name>.name-translations` of `imi.translation.events`.

A translation of a name since edited (`original` differs from the current informal name) is
dropped (TRL-016: the new original is shown meanwhile, its own translations follow). One in
the original's own language is not a translation."""

from __future__ import annotations

import logging

from imi_shared.envelope import Envelope, Event
from imi_shared.mongo import Transaction

from ..adapters.authorities import Authorities
from ..adapters.register_index import RegisterIndex
from ..adapters.register_repository import RegisterRepository
from ..adapters.translation_events import REGISTER, InformalNameTranslated

log = logging.getLogger(__name__)


async def on_name_translated(event: Event, envelope: Envelope, tx: Transaction) -> None:
    assert isinstance(event, InformalNameTranslated)
    if event.entity != REGISTER:
        return  # authorities' names: the directory
    register = await RegisterRepository(tx).find(event.entity_id)
    if register is None:
        log.info("translation of %s: no such register (deleted)", event.entity_id)
        return
    d = register.details
    if (event.original and event.original != d.informal_name) or (
        event.lang == d.informal_name_language
    ):
        return
    name = await Authorities.of(tx).name_of(register.managing_authority_id)
    await RegisterIndex.of(tx).translated(register, event.lang, event.text, name)
