"""The catalogue content this project ships (`imi_translation/catalogues/*.json`), loaded at
start: items not yet in the database are defined and labelled; items already there are left to
`commission_translation`'s edits (a restart never overwrites them).

The seed publishes no `catalogue.item_changed` [DESIGN]: the shipped content is the release's
reference data (readers read labels over HTTP), and ~320 events at every fresh start held up
every consumer of `imi.translation.events` behind them (measured: the informal-name queue
came 16 s after the directory's event instead of 1 s). The event announces what
`commission_translation` changes after that."""

from __future__ import annotations

import json
from datetime import datetime
from importlib import resources

from ..domain import catalogue
from ..domain.catalogue import CatalogueItem
from .catalogue_repository import CatalogueRepository

# directory_codes.json: the codes the directory accepts (keywords, NACE, policy areas)
FILES = ("question_sets.json", "directory_codes.json", "email_templates.json")


def shipped_items(now: datetime) -> list[tuple[CatalogueItem, list]]:
    """Every shipped item with its labels, as `define` + `set_label` build them."""
    built: list[tuple[CatalogueItem, list]] = []
    for name in FILES:
        data = json.loads(resources.files("imi_translation.catalogues").joinpath(name).read_text())
        for entry in data["items"]:
            item, events = catalogue.define(
                entry["kind"],
                entry["code"],
                entry["en"],
                now,
                la_code=entry.get("la_code"),
                parent_code=entry.get("parent_code"),
            )
            for lang, text in entry.items():
                if len(lang) == 2 and lang != "en":
                    events = catalogue.set_label(item, lang, text, now) or events
            built.append((item, events))
    return built


async def seed_catalogues(uow, emit, now: datetime) -> int:
    """Define, in one transaction, the shipped items the database lacks; the number defined.
    `emit` (the service's publisher) is kept for the signature: nothing is announced."""
    shipped = shipped_items(now)

    async def work(tx) -> int:
        repo = CatalogueRepository(tx)
        present = await repo.find_many(item.item_id for item, _ in shipped)
        new = [item for item, _ in shipped if item.item_id not in present]
        for item in new:
            await repo.add(item)
        return len(new)

    return (await uow.run(work)).value or 0
