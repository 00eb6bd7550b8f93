"""Submission over HTTP against real Kafka + MongoDB (DIR-051..DIR-053, DIR-059..DIR-062,
DIR-143, DIR-144): the immediate report with refusal counts, the 10:00 cut-off and working-day
nights, and the block beyond 100 invitations a day."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from invitations_support import (
    SERVICES_REQUESTS,
    brussels,
    coordinator,
    draft,
    invitations_app,
    listed,
    outbox_events,
    stored,
    submit,
)
from support import save_authority

from imi_directory.domain.authority import Authority
from imi_directory.domain.enums import AuthorityStatus


@pytest.fixture
async def app(infra, topics, db_name, clock):
    async with invitations_app(infra, topics, db_name, clock) as (client, ctx):
        yield client, ctx, clock, await coordinator(ctx)


@pytest.mark.parametrize(
    "submitted, night",
    [
        (brussels(2026, 3, 3, 9, 59), brussels(2026, 3, 3, 23)),  # Tuesday 09:59 → Tuesday
        (brussels(2026, 3, 3, 10, 1), brussels(2026, 3, 4, 23)),  # Tuesday 10:01 → Wednesday
        (brussels(2026, 3, 6, 10, 1), brussels(2026, 3, 9, 23)),  # Friday 10:01 → Monday
        (brussels(2026, 3, 6, 9, 0), brussels(2026, 3, 6, 23)),  # Friday 09:00 → Friday
        (brussels(2026, 3, 7, 8, 0), brussels(2026, 3, 9, 23)),  # Saturday → Monday [inferred]
    ],
    ids=[
        "dir_143_tuesday_0959",
        "dir_143_tuesday_1001",
        "dir_143_friday_1001",
        "dir_052_friday_morning",
        "dir_052_weekend",
    ],
)
async def test_dir_052_dispatch_night_follows_the_10h_cutoff(
    app, submitted: datetime, night: datetime
):
    client, ctx, clock, fr = app
    invitation = await draft(client, fr.headers)
    clock.now = submitted
    report = await submit(client, fr.headers, invitation["id"])
    assert (report["submitted"], report["refused"], report["blocked"]) == (1, 0, 0)
    view = (await listed(client, fr.headers))[invitation["id"]]
    assert view["status"] == "submitted"
    assert datetime.fromisoformat(view["dispatch_at"]) == night
    saved = await stored(ctx, invitation["id"])
    assert saved.registration_code
    assert saved.code_expires_at - night == timedelta(days=30)
    assert datetime.fromisoformat(view["reminder_due_at"]) == night + timedelta(days=25)
    # the e-mail goes out with the night batch, not at submission
    assert await outbox_events(ctx, "invitation.dispatch_due", invitation["id"]) == []


async def test_dir_051_refusals_reported_at_once_with_counts(app):
    client, ctx, _, fr = app
    registered = Authority.model_validate(
        {
            **(await _nimic(ctx, fr)).model_dump(),
            "id": "other-authority",
            "email": "taken@example.fr",
            "status": AuthorityStatus.ACTIVE,
        }
    )
    await save_authority(ctx, registered)
    ok = await draft(client, fr.headers, email="ok@example.fr")
    bad = await draft(client, fr.headers, email="pas une adresse")
    no_flow = await draft(client, fr.headers, email="flow@example.fr", pairs=())
    authority_taken = await draft(client, fr.headers, email="Taken@Example.fr")
    twin_a = await draft(client, fr.headers, email="twin@example.fr")
    twin_b = await draft(client, fr.headers, email="twin@example.fr")
    report = await submit(
        client, fr.headers, *(i["id"] for i in (ok, bad, no_flow, authority_taken, twin_a, twin_b))
    )
    assert (report["submitted"], report["refused"], report["blocked"]) == (2, 4, 0)
    assert report["refusals"] == {
        bad["id"]: "email_invalid",
        no_flow["id"]: "no_workflow_selected",
        authority_taken["id"]: "email_already_used",
        twin_b["id"]: "email_already_used",
    }
    assert report["refusal_counts"] == {
        "email_invalid": 1,
        "no_workflow_selected": 1,
        "email_already_used": 2,
    }
    views = await listed(client, fr.headers, status="refused")
    assert views[bad["id"]]["refusal_reason"] == "email_invalid"
    # DIR-051: an address used by an open invitation is refused in a later submission too
    again = await draft(client, fr.headers, email="OK@example.fr")
    assert (await submit(client, fr.headers, again["id"]))["refusals"] == {
        again["id"]: "email_already_used"
    }


async def test_dir_060_refused_invitation_edited_and_resubmitted(app):
    client, _, _, fr = app
    invitation = await draft(client, fr.headers, email="faute@@example")
    assert (await submit(client, fr.headers, invitation["id"]))["refused"] == 1
    edited = await client.patch(
        f"/invitations/{invitation['id']}", headers=fr.headers, json={"email": "juste@example.fr"}
    )
    assert edited.status_code == 200 and edited.json()["status"] == "refused"
    assert (await submit(client, fr.headers, invitation["id"]))["submitted"] == 1
    resubmit = await client.post(
        "/invitations/submit", headers=fr.headers, json={"ids": [invitation["id"]]}
    )
    assert (resubmit.status_code, resubmit.json()["rule"]) == (409, "DIR-061")


async def test_dir_053_dir_144_101st_invitation_of_a_day_blocks_them_all(app):
    client, ctx, clock, fr = app
    clock.now = brussels(2026, 3, 3, 9, 0)
    rows = "".join(f"Mairie {n},m{n}@example.fr\n" for n in range(101))
    uploaded = await client.post(
        "/invitations/bulk",
        headers=fr.headers,
        files={"file": ("x.csv", f"authority_name,email\n{rows}".encode(), "text/csv")},
    )
    ids = [i["id"] for i in uploaded.json()["invitations"]]
    edited = await client.patch(
        "/invitations/bulk",
        headers=fr.headers,
        json={"ids": ids, "la_workflows": [SERVICES_REQUESTS]},
    )
    assert edited.status_code == 200
    first = await submit(client, fr.headers, *ids[:100])
    assert (first["submitted"], first["blocked"]) == (100, 0)
    clock.now = brussels(2026, 3, 3, 16, 0)  # same Brussels day
    last = await submit(client, fr.headers, ids[100])
    assert (last["submitted"], last["blocked"]) == (0, 1)
    statuses = {i["status"] for i in (await listed(client, fr.headers)).values()}
    assert statuses == {"blocked"}
    [alert] = await outbox_events(ctx, "invitation.daily_limit_exceeded")
    assert alert["payload"]["submitted_count"] == 101
    assert len(alert["payload"]["invitation_ids"]) == 101
    # the next day counts afresh
    clock.now = brussels(2026, 3, 4, 9, 0)
    fresh = await draft(client, fr.headers, email="demain@example.fr")
    assert (await submit(client, fr.headers, fresh["id"]))["submitted"] == 1


async def _nimic(ctx, fr) -> Authority:
    from support import load_authority

    return await load_authority(ctx, fr.authority_id)
