"""`derogations`: the derogation part of a request (§4.14), one document per request under
the request's id, written in the same transaction as the request it belongs to."""

from __future__ import annotations

from typing import Any

from imi_shared.documents import Documents
from imi_shared.errors import Conflict

from ..domain.derogations import Decision, Derogation, Measures, Procedure
from ..domain.request import FreeText

COLLECTION = "derogations"


def _text(value: FreeText | None) -> dict[str, str] | None:
    return {"text": value.text, "lang": value.lang} if value else None


def _free(raw: dict[str, str] | None) -> FreeText | None:
    return FreeText(**raw) if raw else None


def to_document(d: Derogation) -> dict[str, Any]:
    return {
        "_id": d.request_id,
        "set_code": d.set_code,
        "confirmed": sorted(d.confirmed),
        "case_description": _text(d.case_description),
        "justification": _text(d.justification),
        "inadequacy": _text(d.inadequacy),
        "procedure": d.procedure.value if d.procedure else None,
        "linked_request_ref": d.linked_request_ref,
        "measures": d.measures.value if d.measures else None,
        "measures_justification": _text(d.measures_justification),
        "delivered_at": d.delivered_at,
        "decision": {
            "text": _text(d.decision.text),
            "by_user_id": d.decision.by_user_id,
            "at": d.decision.at,
        }
        if d.decision
        else None,
        "history": list(d.history),
    }


def from_document(doc: dict[str, Any]) -> Derogation:
    decision = doc.get("decision")
    return Derogation(
        request_id=doc["_id"],
        set_code=doc["set_code"],
        confirmed=frozenset(doc.get("confirmed") or ()),
        case_description=_free(doc.get("case_description")),
        justification=_free(doc.get("justification")),
        inadequacy=_free(doc.get("inadequacy")),
        procedure=Procedure(doc["procedure"]) if doc.get("procedure") else None,
        linked_request_ref=doc.get("linked_request_ref"),
        measures=Measures(doc["measures"]) if doc.get("measures") else None,
        measures_justification=_free(doc.get("measures_justification")),
        delivered_at=doc.get("delivered_at"),
        decision=Decision(_free(decision["text"]), decision["by_user_id"], decision["at"])  # type: ignore[arg-type]
        if decision
        else None,
        history=tuple(doc.get("history") or ()),
    )


class DerogationStore:
    def __init__(self, documents: Documents) -> None:
        self.documents = documents

    @classmethod
    def of(cls, tx) -> DerogationStore:
        return cls(tx.documents(COLLECTION))

    async def get(self, request_id: str) -> Derogation | None:
        doc = await self.documents.get(request_id)
        return from_document(doc) if doc else None

    async def put(self, derogation: Derogation) -> None:
        current = await self.documents.get(derogation.request_id)
        doc = to_document(derogation)
        if current is None:
            await self.documents.insert({**doc, "version": 1})
        elif not await self.documents.replace(
            {**doc, "version": current["version"] + 1}, expected_version=current["version"]
        ):
            raise Conflict("REQ-101", "the derogation changed meanwhile")

    async def remove(self, request_id: str) -> None:
        current = await self.documents.get(request_id)
        if current is not None:
            await self.documents.delete(request_id, expected_version=current["version"])

    async def delivered(self, limit: int, offset: int) -> list[Derogation]:
        """REQ-122: the delivered notifications, newest first (the Commission's list)."""
        docs = await self.documents.find(
            {"set_code": "SD-INDIVIDUAL-MEASURES", "delivered_at": {"$ne": None}},
            sort=[("delivered_at", -1), ("_id", 1)],
            limit=offset + limit,
        )
        found = sorted((from_document(d) for d in docs), key=lambda d: d.delivered_at, reverse=True)
        return found[offset : offset + limit]


PREFETCH = "requests.derogations_of_batch"


class DerogationsOfBatch:
    """Which of a consumed batch's requests have a derogation part (issue 12): one query for
    the batch's `candidates` instead of a read per event (`Transaction.write_behind`; it
    writes nothing). A request outside them (an event consumed alone) may have one."""

    def __init__(self, tx, candidates: set[str]) -> None:
        self.documents = tx.documents(COLLECTION)
        self.candidates = candidates
        self.found: set[str] | None = None

    async def may_have(self, request_id: str) -> bool:
        if request_id not in self.candidates:
            return True
        if self.found is None:
            rows = await self.documents.find({"_id": {"$in": sorted(self.candidates)}})
            self.found = {row["_id"] for row in rows}
        return request_id in self.found

    async def flush(self) -> None:
        return None
