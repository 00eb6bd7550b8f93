"""Obeying retention (X-052) for the alerts this deployment holds: `case.locked` hides the
alert's PD from every user (RET-003: the reduced view, RET-012), `case.pd_deleted` purges it
from the alert and from every copy in this deployment's inbox and shreds the case key in this
deployment's key store (RET-013; with its own keys the kernel's shred relay tells the other
deployments, keys/shredding.py). The Commission helpdesk extracts a locked alert's PD as
evidence, logged with its reason (RET-016, RET-017)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from uuid import uuid4

from imi_shared.clock import now_utc
from imi_shared.envelope import Envelope

from ..adapters.alert_repository import AlertRepository
from ..adapters.retention_events import CASE_TYPE, CaseLocked, CasePdDeleted
from ..domain import InvalidInput, NotFound
from .context import AlertsContext
from .unit import not_before

Reason = Literal["proof_of_exchange_with_consent", "public_interest"]  # RET-016 (a), (b)
INBOX = "inbox"
EXTRACTIONS = "pd_extractions"


def handlers(ctx: AlertsContext) -> dict[str, Any]:
    async def on_locked(event: CaseLocked, envelope: Envelope, tx) -> None:
        if event.case_type != CASE_TYPE:
            return
        repo = AlertRepository(tx)
        stored = await repo.find(event.case_id)
        if stored is None or stored.alert.pd_locked:
            return  # held by another deployment (its own consumer obeys), or a repeat
        stored.alert.lock_personal_data(not_before(stored.alert, now_utc(ctx.clock)))
        await repo.save(stored)

    async def on_pd_deleted(event: CasePdDeleted, envelope: Envelope, tx) -> None:
        if event.case_type != CASE_TYPE:
            return
        repo = AlertRepository(tx)
        stored = await repo.find(event.case_id)
        if stored is not None and not stored.alert.pd_deleted:
            stored.alert.purge_personal_data(not_before(stored.alert, now_utc(ctx.clock)))
            await repo.save(stored)
        await drop_sealed_copies(tx, event.case_id)
        for key_id in {event.key_id, event.case_id}:
            await ctx.sealer.shred(key_id)

    return {CaseLocked.event_type: on_locked, CasePdDeleted.event_type: on_pd_deleted}


async def drop_sealed_copies(tx, alert_id: str) -> None:
    """RET-013: the inbox copies keep their non-PD content; their sealed PD goes (its key is
    shredded anyway, so a copy missed here opens nothing)."""
    documents = tx.documents(INBOX)
    for row in await documents.find({"alert_id": alert_id}):
        if not row["copy"].get("sealed_personal_data"):
            continue
        copy = {**row["copy"], "sealed_personal_data": None}
        await documents.replace(
            {**row, "copy": copy, "version": row["version"] + 1}, expected_version=row["version"]
        )


@dataclass(frozen=True)
class Extraction:
    """RET-016: who asks, why; `requesting_authority_id` for (a) the authority's request."""

    alert_id: str
    reason: Reason
    requesting_authority_id: str | None
    note: str | None


async def extract_locked(
    ctx: AlertsContext, helpdesk_user_id: str, is_helpdesk: bool, ask: Extraction
) -> dict[str, Any]:
    """RET-016/RET-017: only the helpdesk, only a locked alert's PD, until its deletion."""
    if not is_helpdesk:
        # RET-012: locked PD does not exist for anyone else (X-010: the same 404 as absent)
        raise NotFound("RET-016", "no locked personal data to extract here")

    async def work(tx) -> dict[str, Any]:
        stored = await AlertRepository(tx).find(ask.alert_id)
        if stored is None or not stored.alert.pd_locked:
            raise NotFound("RET-016", "no locked personal data to extract here")
        if stored.alert.pd_deleted:
            raise NotFound("RET-013", "the personal data of this case was deleted")
        if ask.reason == "proof_of_exchange_with_consent" and not ask.requesting_authority_id:
            raise InvalidInput("RET-016", "an extraction as proof names the requesting authority")
        extraction_id = str(uuid4())
        row = {
            "_id": extraction_id,
            "version": 1,
            "case_type": CASE_TYPE,
            "case_id": ask.alert_id,
            "reason": ask.reason,
            "requesting_authority_id": ask.requesting_authority_id,
            "note": ask.note,
            "helpdesk_user_id": helpdesk_user_id,
            "at": now_utc(ctx.clock),
        }
        await tx.documents(EXTRACTIONS).insert(row)
        return {
            "extraction_id": extraction_id,
            "alert_id": ask.alert_id,
            "personal_data": stored.alert.personal_data(),
        }

    return (await ctx.uow.run(work)).value
