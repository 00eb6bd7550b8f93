"""Bulk drafts, bulk edit, submission report and the daily limit (DIR-049..DIR-053, DIR-059,
DIR-061, DIR-062, DIR-144)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from imi_directory.domain.actors import Actor
from imi_directory.domain.enums import InvitationRefusalReason, InvitationStatus, Workflow
from imi_directory.domain.events import (
    InvitationDispatchDue,
    InvitationsBlocked,
    InvitationStatusChanged,
)
from imi_directory.domain.invitation_batch import (
    DAILY_SUBMISSION_LIMIT,
    bulk_edit,
    create_bulk_drafts,
    submit_invitations,
)
from imi_directory.domain.reference import SERVICES, LaWorkflow
from imi_shared.errors import Conflict, Forbidden, InvalidInput

REQ, ALR = Workflow.REQUESTS, Workflow.ALERTS
I = InvitationStatus
R = InvitationRefusalReason


def drafts(world, n, prefix="d"):
    rows = [(f"Autorité {i}", f"{prefix}{i}@ex.fr") for i in range(n)]
    made, _ = create_bulk_drafts(
        rows=rows,
        invitation_ids=[f"{prefix}-{i}" for i in range(n)],
        actor=world.da(world.dimic),
        coordinator=world.dimic,
        now=world.now,
        catalog=world.catalog,
    )
    bulk_edit(
        made,
        actor=world.da(world.dimic),
        coordinator=world.dimic,
        now=world.now,
        catalog=world.catalog,
        la_workflows=[LaWorkflow(la_code=SERVICES, workflow=REQ)],
    )
    return made


def submit(world, invitations, *, used=frozenset(), today=(), at=None):
    return submit_invitations(
        invitations,
        actor=world.da(world.dimic),
        now=at or world.now,
        email_in_use=lambda inv: inv.email in used,
        submitted_today=today,
        rng=random.Random(5),
    )


def test_dir_049_bulk_upload_creates_drafts_without_la_or_workflow(world):
    made, events = create_bulk_drafts(
        rows=[("Mairie A", "a@ex.fr"), ("Mairie B", "b@ex.fr")],
        invitation_ids=["x", "y"],
        actor=world.da(world.dimic),
        coordinator=world.dimic,
        now=world.now,
        catalog=world.catalog,
    )
    assert [(i.authority_name, i.status, i.la_workflows) for i in made] == [
        ("Mairie A", I.DRAFT, []),
        ("Mairie B", I.DRAFT, []),
    ]
    assert len(events) == 2
    with pytest.raises(ValueError):
        create_bulk_drafts(
            rows=[("A", "a@ex.fr")],
            invitation_ids=[],
            actor=world.da(world.dimic),
            coordinator=world.dimic,
            now=world.now,
            catalog=world.catalog,
        )


def test_dir_050_bulk_edit_adds_text_and_pairs_but_not_services_alerts(world):
    made, _ = create_bulk_drafts(
        rows=[("A", "a@ex.fr"), ("B", "b@ex.fr")],
        invitation_ids=["x", "y"],
        actor=world.da(world.limic),
        coordinator=world.limic,
        now=world.now,
        catalog=world.catalog,
    )
    bulk_edit(
        made,
        actor=world.da(world.limic),
        coordinator=world.limic,
        now=world.now,
        catalog=world.catalog,
        personal_message="Merci",
        la_workflows=[LaWorkflow(la_code=SERVICES, workflow=REQ)],
    )
    assert all(i.personal_message == "Merci" and i.la_workflows for i in made)
    with pytest.raises(InvalidInput, match="DIR-050"):
        bulk_edit(
            made,
            actor=world.da(world.limic),
            coordinator=world.limic,
            now=world.now,
            catalog=world.catalog,
            la_workflows=[LaWorkflow(la_code=SERVICES, workflow=ALR)],
        )
    # one at a time it is allowed
    made[0].edit(
        world.da(world.limic),
        world.limic,
        world.now,
        catalog=world.catalog,
        la_workflows=[LaWorkflow(la_code=SERVICES, workflow=ALR)],
    )
    assert made[0].la_workflows == [LaWorkflow(la_code=SERVICES, workflow=ALR)]
    assert all(LaWorkflow(la_code=SERVICES, workflow=ALR) not in i.la_workflows for i in made[1:])


def test_dir_050_bulk_edit_of_refused_invitations(world):
    made, _ = create_bulk_drafts(
        rows=[("A", "a@ex.fr")],
        invitation_ids=["x"],
        actor=world.da(world.dimic),
        coordinator=world.dimic,
        now=world.now,
        catalog=world.catalog,
    )
    submit(world, made)
    assert made[0].refusal_reason is R.NO_WORKFLOW_SELECTED
    bulk_edit(
        made,
        actor=world.da(world.dimic),
        coordinator=world.dimic,
        now=world.now,
        catalog=world.catalog,
        la_workflows=[LaWorkflow(la_code=SERVICES, workflow=REQ)],
    )
    report, _ = submit(world, made)
    assert report.submitted == 1


def test_dir_051_submission_report_counts_and_reasons(world):
    batch = drafts(world, 4)
    batch[1].email = "not-an-email"
    batch[3].la_workflows = []
    report, events = submit(world, batch, used={"d2@ex.fr"})
    assert (report.submitted, report.refused, report.blocked) == (1, 3, 0)
    assert report.refusals == {
        batch[1].id: R.EMAIL_INVALID,
        batch[2].id: R.EMAIL_ALREADY_USED,
        batch[3].id: R.NO_WORKFLOW_SELECTED,
    }
    refused = [
        e for e in events if isinstance(e, InvitationStatusChanged) and e.new_status is I.REFUSED
    ]
    assert {e.refusal_reason for e in refused} == set(report.refusals.values())


def test_dir_059_invalid_submission_refused(world):
    batch = drafts(world, 1)
    batch[0].email = "x@"
    submit(world, batch)
    assert batch[0].status is I.REFUSED


def test_dir_061_valid_submission_scheduled_for_dispatch(world):
    batch = drafts(world, 2)
    report, events = submit(world, batch)
    assert report.submitted == 2 and all(i.status is I.SUBMITTED for i in batch)
    due = [e for e in events if isinstance(e, InvitationDispatchDue)]
    assert len(due) == 2 and due[0].registration_code == batch[0].registration_code
    assert due[0].reminder_due_at == due[0].code_expires_at - timedelta(days=5)


def test_dir_061_only_drafts_refused_or_expired_are_submitted(world):
    sent = world.invite()
    with pytest.raises(Conflict, match="DIR-061"):
        submit(world, [sent])
    with pytest.raises(Forbidden, match="DIR-046"):
        submit_invitations(
            drafts(world, 1, "z"),
            actor=world.da(world.limic),
            now=world.now,
            email_in_use=lambda _: False,
            rng=random.Random(0),
        )
    assert submit(world, [])[0].submitted == 0


def test_dir_062_more_than_100_a_day_blocks(world):
    first = drafts(world, DAILY_SUBMISSION_LIMIT)
    report, _ = submit(world, first)
    assert report.submitted == DAILY_SUBMISSION_LIMIT  # exactly 100 is allowed
    extra = drafts(world, 1, "e")
    report, events = submit(world, extra, today=first)
    assert (report.submitted, report.blocked) == (0, 1)
    assert extra[0].status is I.BLOCKED
    blocked = [e for e in events if isinstance(e, InvitationsBlocked)]
    assert blocked[0].submitted_count == 101 and len(blocked[0].invitation_ids) == 101


def test_dir_144_101st_invitation_blocks_all_unsent_of_the_day(world):
    first = drafts(world, DAILY_SUBMISSION_LIMIT)
    submit(world, first)
    first[0].dispatch(first[0].dispatch_at)  # sent already: not blocked
    last = drafts(world, 1, "e")
    submit(world, last, today=first, at=world.now + timedelta(minutes=5))
    assert first[0].status is I.SENT_AWAITING_REGISTRATION
    assert all(i.status is I.BLOCKED for i in first[1:])
    assert last[0].status is I.BLOCKED
    # nothing is sent until the helpdesk unblocks
    with pytest.raises(Conflict, match="DIR-065"):
        first[1].dispatch(world.now + timedelta(days=1))
    first[1].unblock(Actor.helpdesk(), world.now, dispatch_at=world.now + timedelta(hours=14))
    assert first[1].status is I.SENT_AWAITING_REGISTRATION


def test_dir_053_later_submissions_of_the_day_stay_blocked(world):
    first = drafts(world, DAILY_SUBMISSION_LIMIT + 1)
    submit(world, first)
    more = drafts(world, 1, "m")
    report, _ = submit(world, more, today=first)
    assert report.blocked == 1


def test_dir_053_count_is_per_brussels_day(world):
    first = drafts(world, DAILY_SUBMISSION_LIMIT)
    submit(world, first)
    tomorrow = drafts(world, 1, "t")
    report, _ = submit(world, tomorrow, today=first, at=world.now + timedelta(days=1))
    assert report.submitted == 1


def test_dir_053_refused_invitations_do_not_count(world):
    first = drafts(world, DAILY_SUBMISSION_LIMIT)
    submit(world, first)
    bad = drafts(world, 1, "b")
    bad[0].email = "bad"
    report, events = submit(world, bad, today=first)
    assert report.refused == 1 and not any(isinstance(e, InvitationsBlocked) for e in events)
