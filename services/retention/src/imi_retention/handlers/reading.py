"""Reading a case's retention record."""

from __future__ import annotations

from imi_shared.auth import Principal
from imi_shared.errors import NotFound

from ..adapters.record_repository import RecordRepository
from ..context import RetentionContext
from ..domain.schedule import RetentionRecord, record_id


def _may_see(principal: Principal, record: RetentionRecord) -> bool:
    """The Commission (helpdesk, RET-016, RET-017) and the authority that closed the case."""
    return principal.is_commission or (
        record.authority_id is not None and principal.authority_id == record.authority_id
    )


async def get_record(
    ctx: RetentionContext, principal: Principal, case_type: str, case_id: str
) -> RetentionRecord:
    """X-010: a record the caller may not see is answered as absent (the same 404)."""
    wanted = record_id(case_type, case_id)
    found = (await ctx.uow.run(lambda tx: RecordRepository(tx).find(wanted))).value
    if found is None or not _may_see(principal, found):
        raise NotFound("X-010", f"no retention record for {case_type} {case_id!r}")
    return found
