"""Registers stored with optimistic versions (`imi_shared.repository.VersionedRepository`)."""

from __future__ import annotations

from typing import Any, ClassVar

from imi_shared.documents import Document
from imi_shared.errors import NotFound, RuleViolation
from imi_shared.repository import VersionedRepository

from ..domain.details import (
    GeographicCoverage,
    Link,
    Owner,
    RegisterDetails,
    RegisterType,
    Text,
)
from ..domain.register import Register

TEXTS = ("details_text", "access_restrictions", "payment_conditions", "info_use",
         "verification_and_update")  # fmt: skip


def _text(value: Text | None) -> dict[str, str] | None:
    return None if value is None else {"text": value.text, "lang": value.lang}


def _from_text(value: dict[str, Any] | None) -> Text | None:
    return None if value is None else Text(value["text"], value["lang"])


def details_document(d: RegisterDetails) -> Document:
    return {
        "official_name": d.official_name,
        "informal_name": d.informal_name,
        "informal_name_language": d.informal_name_language,
        "coverage": d.coverage.value,
        "register_type": d.register_type.value,
        "owner": {"name": d.owner.name, "authority_id": d.owner.authority_id},
        "region_code": d.region_code,
        "category_codes": list(d.category_codes),
        "info_languages": list(d.info_languages),
        "online": d.online,
        "links": [{"url": link.url, "lang": link.lang} for link in d.links],
        "info_type_codes": list(d.info_type_codes),
        "registration_mandatory": d.registration_mandatory,
        **{name: _text(getattr(d, name)) for name in TEXTS},
    }


def details_of(document: Document) -> RegisterDetails:
    return RegisterDetails(
        official_name=document["official_name"],
        informal_name=document["informal_name"],
        informal_name_language=document["informal_name_language"],
        coverage=GeographicCoverage(document["coverage"]),
        register_type=RegisterType(document["register_type"]),
        owner=Owner(document["owner"]["name"], document["owner"].get("authority_id")),
        region_code=document.get("region_code"),
        category_codes=tuple(document["category_codes"]),
        info_languages=tuple(document["info_languages"]),
        online=document["online"],
        links=tuple(Link(link["url"], link["lang"]) for link in document["links"]),
        info_type_codes=tuple(document["info_type_codes"]),
        registration_mandatory=document["registration_mandatory"],
        **{name: _from_text(document.get(name)) for name in TEXTS},
    )


class RegisterRepository(VersionedRepository[Register]):
    collection: ClassVar[str] = "registers"
    rule: ClassVar[str] = "REG-020"

    def identity(self, aggregate: Register) -> str:
        return aggregate.register_id

    def not_found(self, aggregate_id: str) -> RuleViolation:
        return NotFound("REG-019", f"no register {aggregate_id!r}")

    def to_document(self, aggregate: Register) -> Document:
        return {
            "member_state": aggregate.member_state,
            **details_document(aggregate.details),
            "managing_authority_id": aggregate.managing_authority_id,
            "previous_managers": list(aggregate.previous_managers),
            "created_by": aggregate.created_by,
            "created_at": aggregate.created_at,
            "updated_at": aggregate.updated_at,
        }

    def from_document(self, document: Document) -> Register:
        return Register(
            register_id=document["_id"],
            member_state=document["member_state"],
            details=details_of(document),
            managing_authority_id=document["managing_authority_id"],
            created_by=document["created_by"],
            created_at=document["created_at"],
            updated_at=document["updated_at"],
            previous_managers=list(document.get("previous_managers", ())),
        )
