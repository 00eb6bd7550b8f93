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

Services are independent: the event model below is the directory's narrow view of the
translation service's event (it never imports `imi_translation`).
"""

from __future__ import annotations

import logging
from typing import ClassVar

from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.envelope import Envelope, Event, EventCatalog
from imi_shared.mongo import Transaction
from imi_shared.runtime import ServiceRuntime

from ..adapters.authority_repository import AuthorityRepository
from ..reference import default_reference
from .search_projection import project_translations, refresh_authority

CONSUMER = "directory.name-translations"
log = logging.getLogger(__name__)


class InformalNameTranslated(Event):
    event_type: ClassVar[str] = "informal_name.translated"
    aggregate_type: ClassVar[str] = "informal_name"
    aggregate_id_field: ClassVar[str] = "name_id"

    name_id: str
    entity: str
    entity_id: str
    member_state: str
    lang: str
    text: str
    original: str = ""  # the name translated ("": a producer older than 1.1, not checked)


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


def subscribe_name_translations(runtime: ServiceRuntime) -> None:
    """Explicit partitions of the participants this deployment serves (as the projection)."""
    EventSubscriber(runtime.broker, runtime.uow, EventCatalog(InformalNameTranslated)).subscribe(
        runtime.topics.translation_events,
        CONSUMER,
        {InformalNameTranslated.event_type: on_name_translated},
        scope=Scope(participants=tuple(runtime.settings.scope)),
    )
