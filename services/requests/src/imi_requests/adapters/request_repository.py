"""Requests stored with optimistic versions (`imi_shared.repository.VersionedRepository`)."""

from __future__ import annotations

from typing import ClassVar

from imi_shared.documents import Document
from imi_shared.errors import NotFound, RuleViolation
from imi_shared.repository import VersionedRepository

from ..domain.request import Request, RequestStatus


class RequestRepository(VersionedRepository[Request]):
    collection: ClassVar[str] = "requests"
    rule: ClassVar[str] = "REQ-106"

    def identity(self, aggregate: Request) -> str:
        return aggregate.request_id

    def not_found(self, aggregate_id: str) -> RuleViolation:
        return NotFound("X-010", f"no request {aggregate_id!r}")  # the same as "not yours"

    def to_document(self, aggregate: Request) -> Document:
        return {
            "la_code": aggregate.la_code,
            "requesting_authority_id": aggregate.requesting_authority_id,
            "requesting_member_state": aggregate.requesting_member_state,
            "created_by": aggregate.created_by,
            "created_at": aggregate.created_at,
            "status": aggregate.status.value,
            "responding_authority_id": aggregate.responding_authority_id,
            "responding_member_state": aggregate.responding_member_state,
            "question_set_code": aggregate.question_set_code,
            "question_codes": list(aggregate.question_codes),
            "sent_at": aggregate.sent_at,
        }

    def from_document(self, document: Document) -> Request:
        return Request(
            request_id=document["_id"],
            la_code=document["la_code"],
            requesting_authority_id=document["requesting_authority_id"],
            requesting_member_state=document["requesting_member_state"],
            created_by=document["created_by"],
            created_at=document["created_at"],
            status=RequestStatus(document["status"]),
            responding_authority_id=document.get("responding_authority_id"),
            responding_member_state=document.get("responding_member_state"),
            question_set_code=document.get("question_set_code"),
            question_codes=tuple(document.get("question_codes", ())),
            sent_at=document.get("sent_at"),
        )
