"""The translation service's translations of authorities' informal names, into the search
projection (TRL-009, TRL-010, DIR-132): consumer `directory.name-translations` of
`imi.translation.events` (`informal_name.translated`).

A translation is of one original (`original`, the text that was translated): if the
authority's informal name has changed since, the translation is of the old name and is dropped
(TRL-016: the new original is shown meanwhile, and its own translations follow). The
projection keeps translations while the name is unchanged (`adapters/search_index.py`), so
the authority is first brought to its current state in the projection (`refresh_authority`,
which writes nothing when it is already there): a translation that comes before the
projection has caught up with the authority's own events is not lost.

Services are independent: `adapters/translation_events.py` holds the directory's narrow view
of the translation service's event (it never imports `imi_translation`); `entrypoints/bus.py`
subscribes this handler.
"""

from __future__ import annotations

import logging

from imi_shared.envelope import Envelope, Event
from imi_shared.mongo import Transaction

from ..adapters.authority_repository import AuthorityRepository
from ..adapters.translation_events import InformalNameTranslated
from ..reference import default_reference
from .search_projection import project_translations, refresh_authority

CONSUMER = "directory.name-translations"
log = logging.getLogger(__name__)


async def on_name_translated(event: Event, envelope: Envelope, tx: Transaction) -> None:
    assert isinstance(event, InformalNameTranslated)
    if event.entity != "authority":
        return  # registers' names: the registers service
    authority = await AuthorityRepository(tx).find(event.entity_id)
    if authority is None:
        return
    if event.original and authority.informal_name != event.original:
        return  # TRL-016: a translation of a name since replaced
    await refresh_authority(tx, event.entity_id, default_reference())
    if not await project_translations(tx, event.entity_id, {event.lang: event.text}):
        log.warning("translation of %s: the authority is not projected", event.entity_id)
