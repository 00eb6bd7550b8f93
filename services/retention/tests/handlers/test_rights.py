"""Data-subject rights on the kernel fakes (RET-015, RET-016, RET-017, RET-019..025, RET-027,
RET-030, RET-032, RET-033)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import retention_fakes as s

from imi_retention.entrypoints.jobs import delete_job
from imi_retention.handlers import evidence, rights
from imi_shared.auth import Principal
from imi_shared.errors import Conflict, Forbidden, InvalidInput, NotFound

T = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)


def day(y, m, d):
    return datetime(y, m, d, tzinfo=UTC)


def who(authority_id: str, ms: str | None = None) -> Principal:
    ms = ms or authority_id[:2]
    return Principal(
        user_id=f"u-{authority_id}", username="u", authority_id=authority_id, member_state=ms
    )


FR_A, DE_B, IT_C, HELPDESK = who("FR-A"), who("DE-B"), who("IT-C"), who("EU-HD", "EU")


async def filed(ctx, principal, kind="rectification", case="R1", received=T, **kw):
    return await rights.file_request(
        ctx, principal, kind=kind, case_type="request", case_id=case, received_at=received, **kw
    )


async def test_ret_020_ret_021_ret_027_ret_030_open_case_initiator_acts_due_30_days_overdue_after():
    ctx = s.context(T + timedelta(days=1))
    await s.request_status(ctx, "R1", "accepted", T)
    q = await filed(ctx, FR_A, received=day(2025, 3, 1))
    assert (q.route, q.must_act, q.status, q.due_at) == (
        "a_initiator_open",
        "initiating_authority",
        "open",
        day(2025, 3, 31),
    )
    ctx.clock.now = day(2025, 3, 10)
    q = await rights.forward(ctx, FR_A, q.id)  # RET-020: the due date does not move
    assert (q.status, q.due_at, q.must_act) == (
        "forwarded_to_helpdesk",
        day(2025, 3, 31),
        "commission_helpdesk",
    )
    for moment, overdue in (
        (day(2025, 3, 31) + timedelta(hours=23), False),
        (day(2025, 4, 1), True),
    ):
        ctx.clock.now = moment
        assert [x.id for x in await rights.list_requests(ctx, HELPDESK, overdue_only=True)] == (
            [q.id] if overdue else []
        )


async def test_ret_022_ret_032_a_non_initiator_is_routed_to_the_helpdesk_at_once():
    ctx = s.context(T)
    await s.request_status(ctx, "R1", "accepted", T)
    q = await filed(ctx, DE_B)
    assert (q.route, q.status, q.must_act) == (
        "b_non_initiator",
        "forwarded_to_helpdesk",
        "commission_helpdesk",
    )
    with pytest.raises(Forbidden):  # DE-B may not act on the PD itself
        await rights.decide(ctx, DE_B, q.id, "done", "edited")
    assert (await rights.decide(ctx, HELPDESK, q.id, "done", "fixed with FR-A")).status == "done"


async def test_ret_023_ret_010_closed_case_only_the_helpdesk_acts_and_pd_reports_end():
    ctx = s.context(T)
    await s.request_status(ctx, "R1", "closed", T)
    await s.report_generated(ctx, "P1", "R1", T)
    await s.report_generated(ctx, "P2", "R1", T, personal_data=False)
    q = await filed(ctx, FR_A, kind="erasure")
    assert (q.route, q.must_act) == ("c_closed", "commission_helpdesk")
    with pytest.raises(Forbidden):
        await rights.decide(ctx, FR_A, q.id, "done", "")
    await rights.decide(ctx, HELPDESK, q.id, "done", "erased")
    ended = [e.envelope.payload for e in ctx.uow.outbox]
    assert [(p["report_id"], p["rule"]) for p in ended] == [("P1", "RET-010")]


async def test_ret_024_locked_data_is_never_changed_a_contest_is_recorded():
    ctx = s.context(day(2025, 9, 1))
    await s.request_status(ctx, "R1", "closed", T)  # locked on 2025-09-01
    q = await filed(ctx, FR_A, received=day(2025, 9, 1))
    assert q.route == "locked"
    with pytest.raises(Conflict):
        await rights.decide(ctx, HELPDESK, q.id, "done", "")
    with pytest.raises(Forbidden):
        await evidence.contest(
            ctx, FR_A, "request", "R1", field="name", statement="x", corrected_value="y"
        )
    c = await evidence.contest(
        ctx,
        HELPDESK,
        "request",
        "R1",
        field="last_name",
        statement="wrong spelling",
        corrected_value="Dupond",
        subject_request_id=q.id,
    )
    assert (c.recorded_by, c.corrected_value) == ("u-EU-HD", "Dupond")


async def test_ret_019_access_report_by_participants_until_the_lock_date_then_helpdesk():
    ctx = s.context(T)
    await s.request_status(ctx, "R1", "closed", day(2025, 1, 15))
    ctx.clock.now = day(2025, 7, 14) + timedelta(hours=23)
    assert (await evidence.access_report(ctx, DE_B, "request", "R1")).allowed
    ctx.clock.now = day(2025, 7, 15)
    assert not (await evidence.access_report(ctx, DE_B, "request", "R1")).allowed
    assert (await evidence.access_report(ctx, HELPDESK, "request", "R1")).allowed


async def test_x_010_ret_033_absent_and_not_yours_are_the_same_not_found():
    ctx = s.context(T)
    await s.request_status(ctx, "R1", "accepted", T)
    for principal, case in ((IT_C, "R1"), (FR_A, "R404")):
        with pytest.raises(NotFound):
            await filed(ctx, principal, case=case)
    q = await filed(ctx, FR_A)
    with pytest.raises(NotFound):  # RET-033: the receiving authority and the helpdesk only
        await rights.get_request(ctx, DE_B, q.id)
    assert await rights.list_requests(ctx, DE_B) == []


async def test_ret_015_ret_010_early_deletion_with_consent_by_the_helpdesk_shreds_at_once():
    ctx = s.context(T)
    await s.request_status(ctx, "R1", "closed", day(2025, 2, 1))
    await s.report_generated(ctx, "P1", "R1", day(2025, 2, 2))
    with pytest.raises(InvalidInput):
        await filed(ctx, FR_A, kind="early_deletion", legal_basis="art. 17")  # no consent
    q = await filed(ctx, FR_A, kind="early_deletion", legal_basis="GDPR art. 17", consent=True)
    assert q.due_at is None
    with pytest.raises(Forbidden):
        await rights.carry_out_early_deletion(ctx, FR_A, q.id)
    done = await rights.carry_out_early_deletion(ctx, HELPDESK, q.id)
    assert done.status == "done"
    rec = s.records(ctx)["request:R1"]
    assert (rec["pd_deleted"], rec["delete_rule"], rec["early_deletion_ref"]) == (
        True,
        "RET-015",
        q.id,
    )
    kinds = [(e.envelope.event_type, e.envelope.payload["rule"]) for e in ctx.uow.outbox]
    assert kinds == [("case.pd_deleted", "RET-015"), ("report.pd_deleted", "RET-010")]
    assert "R1" in ctx.keys.shredded
    assert not ctx.uow.collections["subject_requests"]  # RET-033: gone with the PD


async def test_ret_016_ret_017_only_the_helpdesk_extracts_locked_data_logged_with_its_reason():
    ctx = s.context(day(2025, 8, 31))
    await s.request_status(ctx, "R1", "closed", T)
    with pytest.raises(Conflict):  # not locked yet: the normal interfaces apply
        await evidence.extract(
            ctx,
            HELPDESK,
            "request",
            "R1",
            reason="public_interest",
            requesting_authority_id=None,
            consent=False,
        )
    ctx.clock.now = day(2025, 9, 1)
    with pytest.raises(Forbidden):
        await evidence.extract(
            ctx,
            FR_A,
            "request",
            "R1",
            reason="public_interest",
            requesting_authority_id=None,
            consent=False,
        )
    with pytest.raises(InvalidInput):
        await evidence.extract(
            ctx,
            HELPDESK,
            "request",
            "R1",
            reason="proof_of_exchange_with_consent",
            requesting_authority_id="FR-A",
            consent=False,
        )
    log = await evidence.extract(
        ctx,
        HELPDESK,
        "request",
        "R1",
        reason="proof_of_exchange_with_consent",
        requesting_authority_id="FR-A",
        consent=True,
    )
    assert (log.reason, log.helpdesk_user_id, log.service) == (
        "proof_of_exchange_with_consent",
        "u-EU-HD",
        "requests",
    )
    ctx.clock.now = day(2028, 3, 2)
    await delete_job(ctx).tick()
    with pytest.raises(Conflict):  # RET-017: up to the deletion at 3 years, not after
        await evidence.extract(
            ctx,
            HELPDESK,
            "request",
            "R1",
            reason="public_interest",
            requesting_authority_id=None,
            consent=False,
        )
    assert len(ctx.uow.collections["extraction_log"]) == 1


async def test_ret_025_solvit_consent_is_kept_other_las_require_none():
    ctx = s.context(T)
    await s.request_status(ctx, "S1", "accepted", T, la_code="solvit")
    await s.request_status(ctx, "R1", "accepted", T)
    kept = await evidence.record_solvit_consent(ctx, FR_A, "S1", given_at=T, form_ref="F-1")
    assert kept["form_ref"] == "F-1"
    with pytest.raises(InvalidInput):
        await evidence.record_solvit_consent(ctx, FR_A, "R1", given_at=T, form_ref="F-2")


async def test_ret_018_ret_019_ret_020_access_while_open_has_no_due_date_and_participants_report():
    ctx = s.context(T)
    await s.request_status(ctx, "R1", "accepted", T)
    q = await filed(ctx, DE_B, kind="access")
    assert (q.type, q.due_at, q.must_act) == ("access", None, "receiving_authority")
    for principal in (FR_A, DE_B):  # RET-018: the participants support the information duty
        assert (await evidence.access_report(ctx, principal, "request", "R1")).allowed
    with pytest.raises(NotFound):
        await evidence.access_report(ctx, IT_C, "request", "R1")


async def test_ret_021_ret_022_an_alert_s_launcher_acts_its_recipients_go_to_the_helpdesk():
    ctx = s.context(T)
    await s.alert_status(ctx, "A1", "submitted_for_broadcast", T, auth="DE-A", notify=["DE-C"])
    await s.alert_status(ctx, "A1", "broadcast", T, auth="DE-C", notify=["FR-MB", "IT-MB"])
    mine = await rights.file_request(
        ctx, who("DE-A"), kind="erasure", case_type="alert", case_id="A1", received_at=T
    )
    theirs = await rights.file_request(
        ctx, who("FR-MB"), kind="erasure", case_type="alert", case_id="A1", received_at=T
    )
    assert (mine.route, theirs.route) == ("a_initiator_open", "b_non_initiator")
    with pytest.raises(NotFound):
        await rights.file_request(
            ctx, who("ES-X"), kind="erasure", case_type="alert", case_id="A1", received_at=T
        )
