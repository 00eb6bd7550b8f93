"""The names read model (collection `name_views`), built from `imi.translation.events` by the
service's own consumer: what readers see in their language (TRL-009). An event older than
the row (`revision`) changes nothing, so redeliveries and replays are harmless."""

from __future__ import annotations

from typing import Any

from ..domain.events import InformalNameSubmitted, InformalNameTranslated

VIEWS = "name_views"


class NameView:
    def __init__(self, tx) -> None:
        self.rows = tx.documents(VIEWS)

    async def get(self, name_id: str) -> dict[str, Any] | None:
        return await self.rows.get(name_id)

    async def pending_in(self, lang: str, limit: int) -> list[dict[str, Any]]:
        """Names not in `lang` and not yet translated into it (the queue, TRL-009)."""
        where = {"lang": {"$ne": lang}, f"translations.{lang}": {"$exists": False}}
        return await self.rows.find(where, sort=[("updated_at", 1)], limit=limit)

    async def apply(self, event: InformalNameSubmitted | InformalNameTranslated) -> bool:
        current = await self.rows.get(event.name_id)
        if current is not None and current["revision"] >= event.revision:
            return False
        row = current or {"_id": event.name_id, "translations": {}}
        row = {
            **row,
            "entity": event.entity,
            "entity_id": event.entity_id,
            "revision": event.revision,
            "updated_at": event.at,
        }
        if isinstance(event, InformalNameSubmitted):  # TRL-016: a new original, none translated
            row.update(lang=event.lang, text=event.text, translations={})
        else:
            row["translations"] = {**row["translations"], event.lang: event.text}
        if current is None:
            await self.rows.insert({**row, "version": 1})
        elif not await self.rows.replace(
            {**row, "version": current["version"] + 1}, expected_version=current["version"]
        ):
            raise RuntimeError(f"name view {event.name_id} changed meanwhile")  # redelivered
        return True
