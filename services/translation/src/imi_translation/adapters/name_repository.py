"""Informal names in MongoDB (collection `informal_names`, TRL-013), versioned."""

from __future__ import annotations

from typing import ClassVar

from imi_shared.documents import Document
from imi_shared.repository import VersionedRepository

from ..domain.names import InformalName


class NameRepository(VersionedRepository[InformalName]):
    collection: ClassVar[str] = "informal_names"
    rule: ClassVar[str] = "TRL-009"

    def identity(self, aggregate: InformalName) -> str:
        return aggregate.name_id

    def to_document(self, aggregate: InformalName) -> Document:
        return {
            "entity": aggregate.entity,
            "entity_id": aggregate.entity_id,
            "member_state": aggregate.member_state,
            "lang": aggregate.lang,
            "text": aggregate.text,
            "revision": aggregate.revision,
            "translations": dict(aggregate.translations),
        }

    def from_document(self, document: Document) -> InformalName:
        fields = {k: v for k, v in document.items() if k not in ("_id", "version")}
        return InformalName(**fields)
