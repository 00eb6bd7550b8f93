"""Catalogue items in MongoDB (collection `catalogue_items`, TRL-012), versioned; labels are
stored per language code (TRL-001)."""

from __future__ import annotations

from typing import ClassVar

from imi_shared.documents import Document
from imi_shared.repository import VersionedRepository

from ..domain.catalogue import CatalogueItem, Label


class CatalogueRepository(VersionedRepository[CatalogueItem]):
    collection: ClassVar[str] = "catalogue_items"
    rule: ClassVar[str] = "TRL-012"

    def identity(self, aggregate: CatalogueItem) -> str:
        return aggregate.item_id

    def to_document(self, aggregate: CatalogueItem) -> Document:
        return {
            "code": aggregate.code,
            "kind": aggregate.kind,
            "la_code": aggregate.la_code,
            "parent_code": aggregate.parent_code,
            "active": aggregate.active,
            "revision": aggregate.revision,
            "labels": {
                lang: {"text": label.text, "machine": label.machine}
                for lang, label in aggregate.labels.items()
            },
        }

    def from_document(self, document: Document) -> CatalogueItem:
        return CatalogueItem(
            code=document["code"],
            kind=document["kind"],
            la_code=document.get("la_code"),
            parent_code=document.get("parent_code"),
            active=document.get("active", True),
            revision=document.get("revision", 1),
            labels={lang: Label(**label) for lang, label in document["labels"].items()},
        )

    async def of_kind(self, kind: str, limit: int = 2000) -> list[CatalogueItem]:
        return await self.find_where({"kind": kind}, sort=[("code", 1)], limit=limit)
