"""Reports (§4.13, REQ-096..REQ-099): generate one on a request, the activity panel, the
download, and the deletion of the reports that fell due (REQ-098, RET-010).

Rights before state: the caller must know of the request (X-010, the same 404 as an absent
one), then `reports.rights` decides the kind. The PDF is made off the event loop; the record,
the file and `request.report_generated` are written in one transaction."""

from __future__ import annotations

from datetime import datetime

from imi_shared.clock import now_utc
from imi_shared.errors import NotFound

from ..adapters.directory_view import DirectoryView
from ..adapters.publisher import publisher
from ..adapters.report_messages import report_generated
from ..adapters.report_store import ReportStore
from ..adapters.request_repository import RequestRepository
from ..context import RequestsContext
from ..domain.actors import Actor
from ..domain.visibility import view_of
from ..reports import GeneratedReport, ReportKind, ReportOrder
from ..reports.rights import offered_kinds
from .report_source import report_actor, report_source

DELETE_BATCH = 200
LOCKED_PD = "locked_personal_data"  # the retention consumer's mark of a locked case (RET-012)


async def _load(ctx: RequestsContext, request_id: str, actor: Actor):
    async def read(tx):
        request = await RequestRepository(tx).get(request_id)
        directory = DirectoryView.of(tx)
        coordinators = [request.requesting_coordinator_id, request.responding_coordinator_id]
        for authority_id in (request.requesting_authority_id, request.responding_authority_id):
            facts = await directory.facts(authority_id, request.la_code)
            if facts is not None:
                coordinators.extend(facts.associated_coordinator_ids)
        ids = tuple(c for c in coordinators if c)
        view_of(request, actor, coordinates=actor.authority_id in ids)  # X-010 first
        locked = await tx.documents(LOCKED_PD).get(request_id)
        locked_at = locked["locked_at"] if locked else None
        return request, report_source(request, ids, locked_at, actor.authority_id)

    return (await ctx.uow.run(read)).value


async def offered(ctx: RequestsContext, request_id: str, actor: Actor) -> tuple[ReportKind, ...]:
    """REQ-097: the kinds offered to the caller now."""
    request, source = await _load(ctx, request_id, actor)
    return offered_kinds(report_actor(actor, request.la_code), source)


async def generate(
    ctx: RequestsContext, request_id: str, actor: Actor, order: ReportOrder
) -> GeneratedReport:
    request, source = await _load(ctx, request_id, actor)
    made = await ctx.reports.agenerate(report_actor(actor, request.la_code), source, order)
    emit = publisher(ctx.settings.topics, ctx.clock)

    async def store(tx):
        await ReportStore.of(tx).add(made.record, made.pdf)
        emit(tx, [report_generated(request, actor, made.record)])

    await ctx.uow.run(store)
    return made.record


async def activity_panel(ctx: RequestsContext, actor: Actor) -> list[GeneratedReport]:
    """REQ-098: the caller's own reports still available, newest first."""
    now = now_utc(ctx.clock)

    async def read(tx):
        return await ReportStore.of(tx).of_user(actor.user_id, now)

    found = (await ctx.uow.run(read)).value or []
    return sorted(found, key=lambda r: r.generated_at, reverse=True)


async def download(
    ctx: RequestsContext, report_id: str, actor: Actor
) -> tuple[GeneratedReport, bytes]:
    """The caller's own report, while it is kept (REQ-098); anyone else's or a deleted one:
    the same 404 (X-010)."""
    now = now_utc(ctx.clock)

    async def read(tx):
        store = ReportStore.of(tx)
        record = await store.get(report_id)
        if record is None or record.generated_by != actor.user_id or now >= record.expires_at:
            raise NotFound("REQ-098", f"no report {report_id!r}")
        pdf = await store.pdf(report_id)
        if pdf is None:
            raise NotFound("REQ-098", f"no report {report_id!r}")
        return record, pdf

    return (await ctx.uow.run(read)).value


async def delete_due(ctx: RequestsContext, now: datetime) -> int:
    """REQ-098 / REQ-118: delete every report (record and PDF) whose day has come."""
    deleted = 0
    while True:

        async def sweep(tx):
            store = ReportStore.of(tx)
            ids = await store.due(now, DELETE_BATCH)
            for report_id in ids:
                await store.remove(report_id)
            return len(ids)

        count = (await ctx.uow.run(sweep)).value or 0
        deleted += count
        if count < DELETE_BATCH:
            return deleted


async def end_pd_reports(tx, request_id: str, at: datetime) -> list[str]:
    """RET-010: the case's PD was locked, rectified, erased or deleted at `at`: every report
    of it holding PD goes at once (record and PDF), in the caller's transaction (the retention
    consumer's, X-052). Returns the ids removed."""
    return await ReportStore.of(tx).end_pd_reports(request_id, at)
