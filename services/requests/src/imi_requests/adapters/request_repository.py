"""Requests stored with optimistic versions (`imi_shared.repository.VersionedRepository`).
Dates travel as ISO strings (BSON has no date type)."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from imi_shared.documents import Document
from imi_shared.errors import NotFound, RuleViolation
from imi_shared.repository import VersionedRepository

from ..domain.relay import RefusedCommand
from ..domain.request import (
    Answer,
    Attachment,
    FreeText,
    FurtherInfoRound,
    HistoryEntry,
    Message,
    MessageKind,
    PendingItem,
    Question,
    Request,
    RequestStatus,
    Side,
    SubjectField,
    Suggestion,
)
from .plain import plain

_DATES = ("indicative_deadline", "proposed_deadline")


def _text(raw: dict[str, Any] | None) -> FreeText | None:
    return FreeText(**raw) if raw else None


class RequestRepository(VersionedRepository[Request]):
    collection: ClassVar[str] = "requests"
    rule: ClassVar[str] = "REQ-106"
    # its version numbers the request's outbox rows (no outbox counter per command, issue 12)
    aggregate_type: ClassVar[str | None] = "request"

    def identity(self, aggregate: Request) -> str:
        return aggregate.request_id

    def not_found(self, aggregate_id: str) -> RuleViolation:
        return NotFound("X-010", f"no request {aggregate_id!r}")  # the same as "not yours"

    def to_document(self, aggregate: Request) -> Document:
        doc = plain(aggregate)
        doc.pop("request_id")
        doc["status"] = aggregate.status.value
        doc["pending_item"] = aggregate.pending_item.value if aggregate.pending_item else None
        doc["allocations"] = {s.value: list(v) for s, v in aggregate.allocations.items()}
        doc["last_actors"] = {s.value: u for s, u in aggregate.last_actors.items()}
        for name in _DATES:
            value = getattr(aggregate, name)
            doc[name] = value.isoformat() if value else None
        for entry in doc["suggestions"]:
            entry["side"] = str(entry["side"])
        for entry in doc["messages"]:
            entry["side"], entry["kind"] = str(entry["side"]), str(entry["kind"])
        return doc

    def from_document(self, document: Document) -> Request:
        d = dict(document)
        return Request(
            request_id=d["_id"],
            la_code=d["la_code"],
            requesting_authority_id=d["requesting_authority_id"],
            requesting_member_state=d["requesting_member_state"],
            created_by=d["created_by"],
            created_at=d["created_at"],
            status=RequestStatus(d["status"]),
            responding_authority_id=d.get("responding_authority_id"),
            responding_member_state=d.get("responding_member_state"),
            requesting_coordinator_id=d.get("requesting_coordinator_id"),
            responding_coordinator_id=d.get("responding_coordinator_id"),
            question_set_code=d.get("question_set_code"),
            questions=tuple(
                Question(
                    q["code"],
                    _text(q.get("comment")),
                    q.get("attachment_id"),
                    q.get("moved_to_request_id"),
                )
                for q in d.get("questions", ())
            ),
            attachments=tuple(Attachment(**a) for a in d.get("attachments", ())),
            subject=tuple(SubjectField(**f) for f in d.get("subject", ())),
            sending_justification=_text(d.get("sending_justification")),
            indicative_deadline=_date(d.get("indicative_deadline")),
            proposed_deadline=_date(d.get("proposed_deadline")),
            allocations={Side(s): tuple(v) for s, v in (d.get("allocations") or {}).items()},
            last_actors={Side(s): u for s, u in (d.get("last_actors") or {}).items()},
            former_responding_authority_ids=tuple(d.get("former_responding_authority_ids", ())),
            pending_item=PendingItem(d["pending_item"]) if d.get("pending_item") else None,
            suggestions=tuple(
                Suggestion(Side(s["side"]), FreeText(**s["text"]), s["by_user_id"], s["at"])
                for s in d.get("suggestions", ())
            ),
            split_from_request_id=d.get("split_from_request_id"),
            copied_from_request_id=d.get("copied_from_request_id"),
            replica_from=d.get("replica_from"),
            revision=d.get("revision", 0),
            refused_commands=tuple(RefusedCommand(**r) for r in d.get("refused_commands", ())),
            messages=tuple(_message(m) for m in d.get("messages", ())),
            answers=tuple(
                Answer(**{**a, "text": _text(a.get("text"))}) for a in d.get("answers", ())
            ),
            further_info_rounds=tuple(
                FurtherInfoRound(
                    r["round"],
                    tuple(r["question_codes"]),
                    FreeText(**r["justification"]),
                    r["requested_at"],
                    _text(r.get("rejection")),
                )
                for r in d.get("further_info_rounds", ())
            ),
            further_info_round=d.get("further_info_round", 0),
            s4_repeat_used=d.get("s4_repeat_used", False),
            arbitration_scenario=d.get("arbitration_scenario"),
            history=tuple(
                HistoryEntry(**{**h, "justification": _text(h.get("justification"))})
                for h in d.get("history", ())
            ),
            sent_at=d.get("sent_at"),
            accepted_at=d.get("accepted_at"),
            closed_at=d.get("closed_at"),
            answered_at=d.get("answered_at"),
            closed_by=d.get("closed_by"),
            ref_no=d.get("ref_no"),
        )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _message(m: dict[str, Any]) -> Message:
    return Message(
        **{
            **m,
            "kind": MessageKind(m["kind"]),
            "side": Side(m["side"]),
            "text": _text(m.get("text")),
            "attachment_ids": tuple(m.get("attachment_ids", ())),
        }
    )
