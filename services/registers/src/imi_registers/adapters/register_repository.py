"""Registers stored with optimistic versions (`imi_shared.repository.VersionedRepository`)."""

from __future__ import annotations

from typing import ClassVar

from imi_shared.documents import Document
from imi_shared.errors import NotFound, RuleViolation
from imi_shared.repository import VersionedRepository

from ..domain.register import GeographicCoverage, Link, Register, RegisterDetails, RegisterType


class RegisterRepository(VersionedRepository[Register]):
    collection: ClassVar[str] = "registers"
    rule: ClassVar[str] = "REG-020"

    def identity(self, aggregate: Register) -> str:
        return aggregate.register_id

    def not_found(self, aggregate_id: str) -> RuleViolation:
        return NotFound("REG-019", f"no register {aggregate_id!r}")

    def to_document(self, aggregate: Register) -> Document:
        d = aggregate.details
        return {
            "member_state": aggregate.member_state,
            "official_name": d.official_name,
            "informal_name": d.informal_name,
            "coverage": d.coverage.value,
            "register_type": d.register_type.value,
            "owner_authority": d.owner_authority,
            "online": d.online,
            "links": [{"url": link.url, "lang": link.lang} for link in d.links],
            "region_code": d.region_code,
            "managing_authority_id": aggregate.managing_authority_id,
            "previous_managers": list(aggregate.previous_managers),
            "created_by": aggregate.created_by,
            "created_at": aggregate.created_at,
            "updated_at": aggregate.updated_at,
        }

    def from_document(self, document: Document) -> Register:
        details = RegisterDetails(
            official_name=document["official_name"],
            informal_name=document["informal_name"],
            coverage=GeographicCoverage(document["coverage"]),
            register_type=RegisterType(document["register_type"]),
            owner_authority=document["owner_authority"],
            online=document["online"],
            links=tuple(Link(link["url"], link["lang"]) for link in document["links"]),
            region_code=document.get("region_code"),
        )
        return Register(
            register_id=document["_id"],
            member_state=document["member_state"],
            details=details,
            managing_authority_id=document["managing_authority_id"],
            created_by=document["created_by"],
            created_at=document["created_at"],
            updated_at=document["updated_at"],
            previous_managers=list(document.get("previous_managers", ())),
        )
