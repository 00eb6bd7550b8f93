"""Locked data as evidence (RET-016, RET-017, RET-019, RET-024, RET-025): only
`commission_helpdesk` extracts it (logged with its reason) or records a contestation with a
corrected version; the access report's availability; the SOLVIT consent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

from imi_shared.auth import Principal
from imi_shared.clock import now_utc
from imi_shared.errors import Conflict, Forbidden, InvalidInput

from ..adapters.record_repository import RecordRepository
from ..adapters.rights_repository import ContestRepository, ExtractionRepository
from ..context import RetentionContext
from ..domain.periods import SOLVIT
from ..domain.rights import ContestRecord, ExtractionLog, may_produce_access_report
from ..domain.schedule import SERVICE_OF, record_id
from .rights import facts_for, is_helpdesk


@dataclass(frozen=True)
class AccessReport:
    """RET-019: who may produce the `data_subject_report` now, and until when."""

    allowed: bool
    by: str
    lock_at: datetime | None


async def access_report(
    ctx: RetentionContext, principal: Principal, case_type: str, case_id: str
) -> AccessReport:
    facts = await facts_for(ctx, principal, case_type, case_id)
    key = record_id(case_type, case_id)
    record = (await ctx.uow.run(lambda tx: RecordRepository(tx).find(key))).value
    allowed = may_produce_access_report(facts, principal.authority_id, is_helpdesk(principal))
    by = "commission_helpdesk" if facts.locked else "participating_authority"
    return AccessReport(allowed, by, record.lock_at if record else None)


async def _locked_record(ctx, principal, case_type, case_id, rule):
    await facts_for(ctx, principal, case_type, case_id)  # NotFound first
    if not is_helpdesk(principal):
        raise Forbidden(rule, "only commission_helpdesk handles locked data")
    key = record_id(case_type, case_id)
    record = (await ctx.uow.run(lambda tx: RecordRepository(tx).find(key))).value
    now = now_utc(ctx.clock)
    if record is None or not record.is_locked_at(now):
        raise Conflict(rule, "the case's data is not locked: the normal interfaces apply")
    if record.pd_deleted:  # RET-017: extractable up to the deletion (3 years)
        raise Conflict(rule, "the case's personal data was deleted")
    return record, now


async def contest(
    ctx: RetentionContext,
    principal: Principal,
    case_type: str,
    case_id: str,
    *,
    field: str,
    statement: str,
    corrected_value: str,
    subject_request_id: str | None = None,
) -> ContestRecord:
    """RET-024: locked data is never changed; the contestation and correction are recorded."""
    record, now = await _locked_record(ctx, principal, case_type, case_id, "RET-024")
    entry = ContestRecord(
        id=uuid4().hex,
        case_type=case_type,
        case_id=case_id,
        field=field,
        statement=statement,
        corrected_value=corrected_value,
        recorded_by=principal.user_id,
        recorded_at=now,
        subject_request_id=subject_request_id,
    )
    result = await ctx.runner(repository=ContestRepository).create(lambda s: (entry, []))
    return result.aggregate  # type: ignore[return-value]


async def extract(
    ctx: RetentionContext,
    principal: Principal,
    case_type: str,
    case_id: str,
    *,
    reason: str,
    requesting_authority_id: str | None,
    consent: bool,
) -> ExtractionLog:
    """RET-016/017: logged before the holding service hands the locked data to the helpdesk."""
    record, now = await _locked_record(ctx, principal, case_type, case_id, "RET-016")
    if reason == "proof_of_exchange_with_consent" and not (requesting_authority_id and consent):
        raise InvalidInput(
            "RET-016", "a proof of exchange needs the requesting authority and the consent"
        )
    entry = ExtractionLog(
        id=uuid4().hex,
        case_type=case_type,
        case_id=case_id,
        service=SERVICE_OF[case_type],
        reason=reason,  # type: ignore[arg-type]
        requesting_authority_id=requesting_authority_id,
        helpdesk_user_id=principal.user_id,
        at=now,
    )
    result = await ctx.runner(repository=ExtractionRepository).create(lambda s: (entry, []))
    return result.aggregate  # type: ignore[return-value]


async def record_solvit_consent(
    ctx: RetentionContext, principal: Principal, case_id: str, *, given_at: datetime, form_ref: str
) -> dict:
    """RET-025: a SOLVIT case records the data subject's consent (the online complaint form);
    no other LA requires it. Kept with the case (never purged before the case's PD)."""
    facts = await facts_for(ctx, principal, "request", case_id)
    if facts.la_code != SOLVIT:
        raise InvalidInput("RET-025", "only SOLVIT cases record a consent; others require none")
    document = {
        "_id": f"request:{case_id}",
        "case_id": case_id,
        "given_at": given_at,
        "form_ref": form_ref,
        "recorded_by_authority_id": principal.authority_id,
        "version": 1,
    }

    async def work(tx):
        docs = tx.documents("solvit_consents")
        if await docs.get(document["_id"]) is not None:
            raise Conflict("RET-025", "the consent is already recorded")
        await docs.insert(document)

    await ctx.uow.run(work)
    return {k: v for k, v in document.items() if k not in ("_id", "version")}
