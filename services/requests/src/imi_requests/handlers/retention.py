"""Obeying retention (X-052): `case.locked` moves a request's PD out of every normal API
(RET-012), `case.pd_deleted` deletes it and shreds the case key (RET-013), and the Commission
helpdesk extracts locked PD as evidence, each extraction logged with its reason (RET-016,
RET-017). Consumed in the event's transaction; a repeat changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import uuid4

from imi_shared.clock import now_utc
from imi_shared.envelope import Envelope
from imi_shared.errors import InvalidInput, NotFound
from imi_shared.sealing import KeyShredded

from ..adapters.locked_pd import LockedPersonalData, log_extraction
from ..adapters.request_repository import RequestRepository
from ..adapters.retention_events import CASE_TYPE, CaseLocked, CasePdDeleted
from ..context import RequestsContext, RequestStep
from ..domain.request import PD_DELETED, PD_LOCKED, Request
from ..domain.retention import has_personal_data, personal_data_of, without_personal_data
from .relaying import replication
from .reports import end_pd_reports

Reason = Literal["proof_of_exchange_with_consent", "public_interest"]  # RET-016 (a), (b)


def handlers(ctx: RequestsContext) -> dict[str, Any]:
    async def on_locked(event: CaseLocked, envelope: Envelope, tx) -> None:
        if event.case_type != CASE_TYPE:
            return
        vault = LockedPersonalData.of(tx)
        if await vault.get(event.case_id) is not None:
            return  # already locked (or already deleted: never revived)
        repo = RequestRepository(tx)
        request = await repo.find(event.case_id)
        sealed = None
        if request is not None and has_personal_data(request):
            try:
                sealed = await ctx.sealer.seal(event.case_id, personal_data_of(request))
            except KeyShredded:  # retention already deleted it (its deletion event follows)
                sealed = None
        await vault.keep(event.case_id, sealed, event.rule, event.locked_at, event.delete_at)
        if request is not None:  # RET-012: read, search, report and copy see none of it now
            locked = without_personal_data(request, PD_LOCKED, "RET-012", event.locked_at)
            await _save_and_relay(ctx, tx, repo, locked, event.locked_at)
        await end_pd_reports(tx, event.case_id, event.locked_at)  # RET-010: the lock date

    async def on_pd_deleted(event: CasePdDeleted, envelope: Envelope, tx) -> None:
        if event.case_type != CASE_TYPE:
            return
        vault = LockedPersonalData.of(tx)
        row = await vault.get(event.case_id)
        if row is not None and "pd_deleted_at" in row:
            return
        repo = RequestRepository(tx)
        request = await repo.find(event.case_id)
        if request is not None:  # RET-013: the PD goes, questions/status/history stay
            gone = without_personal_data(request, PD_DELETED, event.rule, event.deleted_at)
            await _save_and_relay(ctx, tx, repo, gone, event.deleted_at)
        await end_pd_reports(tx, event.case_id, event.deleted_at)  # RET-010
        await vault.deleted(event.case_id, event.rule, event.deleted_at)
        # retention shreds in the deployment's key store; this store may be another one, and
        # a tombstone is idempotent: every sealed copy (topics, outbox, vault) opens nothing
        for key_id in {event.key_id, event.case_id}:
            await ctx.sealer.shred(key_id)

    return {CaseLocked.event_type: on_locked, CasePdDeleted.event_type: on_pd_deleted}


async def _save_and_relay(ctx, tx, repo: RequestRepository, request: Request, at) -> None:
    """X-001: at the owner, the other side's replica gets the state without the PD too (and
    the pd_locked / pd_deleted flags, REQ-106); sealed before the key is shredded."""
    try:
        relayed = await replication(ctx, RequestStep(tx, repo, at), request)
    except KeyShredded:  # nothing sealed could be opened anyway
        relayed = []
    await repo.save(request)
    if relayed:
        ctx.runner.emit(tx, relayed)


@dataclass(frozen=True)
class Extraction:
    """RET-016: who asks, why; `requesting_authority_id` for (a) the authority's request."""

    request_id: str
    reason: Reason
    requesting_authority_id: str | None
    note: str | None


async def extract_locked(
    ctx: RequestsContext, helpdesk_user_id: str, is_helpdesk: bool, ask: Extraction
) -> dict[str, Any]:
    """RET-016/RET-017: only the helpdesk, only locked PD, until its deletion; logged."""
    if not is_helpdesk:
        # RET-012: locked PD does not exist for anyone else (X-010: the same 404 as absent)
        raise NotFound("RET-016", "no locked personal data to extract here")

    async def work(tx) -> dict[str, Any]:
        row = await LockedPersonalData.of(tx).get(ask.request_id)
        if row is not None and "pd_deleted_at" in row:
            raise NotFound("RET-013", "the personal data of this case was deleted")
        sealed = LockedPersonalData.sealed_of(row) if row is not None else None
        if sealed is None:
            raise NotFound("RET-016", "no locked personal data to extract here")
        if ask.reason == "proof_of_exchange_with_consent" and not ask.requesting_authority_id:
            raise InvalidInput("RET-016", "an extraction as proof names the requesting authority")
        try:
            data = await ctx.sealer.unseal(sealed)
        except KeyShredded as exc:
            raise NotFound("RET-013", "the personal data of this case was deleted") from exc
        at: datetime = now_utc(ctx.clock)
        extraction_id = str(uuid4())
        await log_extraction(
            tx,
            {
                "_id": extraction_id,
                "case_type": CASE_TYPE,
                "case_id": ask.request_id,
                "reason": ask.reason,
                "requesting_authority_id": ask.requesting_authority_id,
                "note": ask.note,
                "helpdesk_user_id": helpdesk_user_id,
                "at": at,
            },
        )
        return {
            "extraction_id": extraction_id,
            "request_id": ask.request_id,
            "rule": row["rule"],
            "locked_at": row["locked_at"],
            "delete_at": row["delete_at"],
            "personal_data": data,
        }

    return (await ctx.uow.run(work)).value
