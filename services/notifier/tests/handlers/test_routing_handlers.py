"""Requests, alerts and retention events → notifications, on the kernel's in-memory unit of
work and a fake clock (NOT-003, 005, 007, 008, 011, 012, 017, 021, 043, 046, 047): the case
parties and the recipients read model are the notifier's own (X-053)."""

from datetime import UTC, datetime

import pytest

from imi_notifier.adapters import alerts_events as alr
from imi_notifier.adapters import requests_events as req
from imi_notifier.adapters.recipients import RecipientBook
from imi_notifier.adapters.retention_events import ClosureReminderDue
from imi_notifier.context import NotifierContext
from imi_notifier.domain.notification import Recipient
from imi_notifier.domain.parties import Role
from imi_notifier.handlers import alerts, reminders, requests
from imi_notifier.settings import NotifierSettings
from imi_shared.envelope import Envelope
from imi_shared.sealing import Sealer
from imi_testkit import FakeClock, FakeUnitOfWork
from imi_testkit.keys import InMemoryKeyStore

LA = "services"
AUTHORITIES = {  # id: (first spoken language, e-mail)
    "FR-REQ": ("fr", True),
    "DE-RES": ("de", True),
    "DE-INBOX": ("de", False),
    "FR-INBOX": ("fr", False),
    "DE-AUTH": ("de", False),
}
USERS = {  # id: (authority, language, roles)
    "fr-h1": ("FR-REQ", "fr", [("request_handler", "requests")]),
    "fr-h2": ("FR-REQ", "fr", [("request_handler", "requests")]),
    "de-h1": ("DE-RES", "de", [("request_handler", "requests")]),
    "de-h2": ("DE-RES", "de", [("request_handler", "requests")]),
    "de-fwd": ("DE-INBOX", "de", [("alert_forwarder", "alerts")]),
    "de-view": ("DE-INBOX", "de", [("alert_viewer", "alerts")]),
    "fr-fwd": ("FR-INBOX", "fr", [("alert_forwarder", "alerts")]),
    "de-ah": ("DE-AUTH", "de", [("alert_handler", "alerts")]),
}


@pytest.fixture
async def ctx() -> NotifierContext:
    clock = FakeClock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    ctx = NotifierContext(NotifierSettings(), FakeUnitOfWork(), Sealer(InMemoryKeyStore()), clock)

    async def seed(tx):
        book = RecipientBook(tx)
        for authority_id, (language, email) in AUTHORITIES.items():
            await book.put_authority(
                authority_id,
                member_state=authority_id[:2],
                status="active",
                email=f"office@{authority_id}.example" if email else None,
                languages=[language],
            )
        for user_id, (authority_id, language, roles) in USERS.items():
            recipient = Recipient(user_id, authority_id, authority_id[:2], language)
            await book.put_user(recipient, f"{user_id}@example.org")
            await book.put_roles(user_id, [Role(r, LA, w) for r, w in roles])

    await ctx.uow.run(seed)
    return ctx


async def consume(ctx, handler, event, envelope=None):
    envelope = envelope or Envelope.wrap(event, producer="x", member_state="FR")
    outcome = await ctx.uow.run(
        lambda tx: handler(ctx, event, tx, str(envelope.event_id)),
        consumed=envelope,
        consumer="notifier-routing",
    )
    return [(n.code, n.recipient_kind, n.recipient_id, n.language) for n in outcome.value or []]


def status(rule, old, new, side, actor, actor_authority, **kw):
    return req.RequestStatusChanged(
        request_id="r1",
        la_code=LA,
        actor_user_id=actor,
        actor_authority_id=actor_authority,
        requesting_authority_id="FR-REQ",
        requesting_member_state="FR",
        old_status=old,
        new_status=new,
        rule=rule,
        side=side,
        responding_authority_id="DE-RES",
        **kw,
    )


async def test_not_007_sending_queues_new_incoming_for_the_responding_handlers_and_copy(ctx):
    sent = status("REQ-058", "draft", "awaiting_acceptance", "requesting", "fr-h2", "FR-REQ")
    got = await consume(ctx, requests.status_changed, sent)
    assert sorted(got) == [
        ("N_REQ_NEW_INCOMING", "authority", "DE-RES", "de"),
        ("N_REQ_NEW_INCOMING", "user", "de-h1", "de"),
        ("N_REQ_NEW_INCOMING", "user", "de-h2", "de"),
    ]
    queued = ctx.uow.published("notification.queued")
    assert len(queued) == 3 and "example" not in queued[0].model_dump_json()  # NOT-001


async def test_not_003_not_012_the_reply_goes_to_the_requesting_handler_who_acted_last(ctx):
    await consume(
        ctx,
        requests.status_changed,
        status("REQ-058", "draft", "awaiting_acceptance", "requesting", "fr-h2", "FR-REQ"),
    )
    accepted = await consume(
        ctx,
        requests.status_changed,
        status("REQ-062", "awaiting_acceptance", "accepted", "responding", "de-h1", "DE-RES"),
    )
    assert sorted(accepted) == [
        ("N_REQ_UPDATE", "authority", "FR-REQ", "fr"),
        ("N_REQ_UPDATE", "user", "fr-h2", "fr"),  # NOT-003: the sender acted last
    ]
    answered = await consume(
        ctx,
        requests.status_changed,
        status("REQ-068", "accepted", "answered", "responding", "de-h1", "DE-RES"),
    )
    assert [g[2] for g in sorted(answered)] == ["FR-REQ", "fr-h2"]
    closed = await consume(
        ctx,
        requests.status_changed,
        status("REQ-072", "answered", "closed", "requesting", "fr-h2", "FR-REQ"),
    )
    assert [g[2] for g in sorted(closed)] == ["DE-RES", "de-h1"]  # the responder acted last


async def test_not_001_req_106_request_mails_name_the_reference_number_once_known(ctx):
    """The reference number comes with `request.status_changed` (schema 1.2) and is kept in
    the case parties: a message or an allocation, whose events do not carry it, still names it;
    before any event carried it, the mail falls back to the request id."""
    sent = status(
        "REQ-058",
        "draft",
        "awaiting_acceptance",
        "requesting",
        "fr-h2",
        "FR-REQ",
        ref_no="REQ-FR-2026-17",
    )
    await consume(ctx, requests.status_changed, sent)
    await consume(ctx, requests.message_added, message("responding", "de-h1", "DE-RES"))
    queued = ctx.uow.published("notification.queued")
    assert len(queued) >= 4
    assert {e.payload["case_ref"] for e in queued} == {"REQ-FR-2026-17"}
    unnumbered = status(
        "REQ-058", "draft", "awaiting_acceptance", "requesting", "fr-h2", "FR-REQ"
    ).model_copy(update={"request_id": "r2"})
    await consume(ctx, requests.status_changed, unnumbered)
    later = ctx.uow.published("notification.queued")[len(queued) :]
    assert later and {e.payload["case_ref"] for e in later} == {"r2"}


async def test_not_012_a_redelivered_event_queues_nothing_twice(ctx):
    sent = status("REQ-058", "draft", "awaiting_acceptance", "requesting", "fr-h2", "FR-REQ")
    envelope = Envelope.wrap(sent, producer="requests", member_state="FR")
    assert len(await consume(ctx, requests.status_changed, sent, envelope)) == 3
    # the same event id again, past the kernel's marker: the deterministic ids hold
    again = await ctx.uow.run(
        lambda tx: requests.status_changed(ctx, sent, tx, str(envelope.event_id))
    )
    assert again.value == []
    assert len(ctx.uow.published("notification.queued")) == 3


async def test_not_008_allocation_tells_each_newly_allocated_handler(ctx):
    def allocation(users):
        return req.RequestAllocated(
            request_id="r1",
            la_code=LA,
            actor_user_id="alloc",
            actor_authority_id="DE-RES",
            requesting_authority_id="FR-REQ",
            requesting_member_state="FR",
            side="responding",
            user_ids=users,
        )

    assert await consume(ctx, requests.allocated, allocation(["de-h1"])) == [
        ("N_REQ_ALLOCATED", "user", "de-h1", "de")
    ]
    assert await consume(ctx, requests.allocated, allocation(["de-h1", "de-h2"])) == [
        ("N_REQ_ALLOCATED", "user", "de-h2", "de")
    ]


async def test_not_046_after_allocation_an_update_goes_to_the_allocated_user(ctx):
    await consume(
        ctx,
        requests.allocated,
        req.RequestAllocated(
            request_id="r1",
            la_code=LA,
            actor_user_id="a",
            actor_authority_id="FR-REQ",
            requesting_authority_id="FR-REQ",
            requesting_member_state="FR",
            side="requesting",
            user_ids=["fr-h1"],
        ),
    )
    refused = await consume(
        ctx,
        requests.status_changed,
        status("REQ-063", "awaiting_acceptance", "refused", "responding", "de-h1", "DE-RES"),
    )
    assert [g[2] for g in sorted(refused)] == ["FR-REQ", "fr-h1"]


async def test_not_011_a_split_tells_the_requesting_side(ctx):
    await consume(
        ctx,
        requests.status_changed,
        status("REQ-058", "draft", "awaiting_acceptance", "requesting", "fr-h1", "FR-REQ"),
    )
    event = req.RequestSplit(
        request_id="r1",
        la_code=LA,
        actor_user_id="de-h1",
        actor_authority_id="DE-RES",
        requesting_authority_id="FR-REQ",
        requesting_member_state="FR",
        new_request_id="r2",
    )
    assert sorted(await consume(ctx, requests.split, event)) == [
        ("N_REQ_SPLIT", "authority", "FR-REQ", "fr"),
        ("N_REQ_SPLIT", "user", "fr-h1", "fr"),
    ]


def delivered(kind, ms, inbox_ids, notification=None):
    return alr.AlertDelivered(
        alert_id="a1",
        ref_no="ALR-1",
        recipient=ms,
        kind=kind,
        inbox_authority_ids=inbox_ids,
        notification=notification,
        notify_authority_ids=inbox_ids if notification else (),
    )


async def test_not_017_broadcast_tells_the_inbox_forwarders_never_viewers_nor_copies(ctx):
    got = await consume(
        ctx, alerts.alert_event, delivered("recipient_ms", "DE", ["DE-INBOX"], "N_ALR_INCOMING")
    )
    assert got == [("N_ALR_INCOMING", "user", "de-fwd", "de")]  # NOT-004, NOT-047


async def test_not_017_the_launching_inbox_is_told_on_the_first_broadcast_only(ctx):
    first = await consume(ctx, alerts.alert_event, delivered("origin_copy", "FR", ["FR-INBOX"]))
    assert first == [("N_ALR_INCOMING", "user", "fr-fwd", "fr")]
    again = await consume(ctx, alerts.alert_event, delivered("origin_copy", "FR", ["FR-INBOX"]))
    assert again == []


async def test_not_005_a_removed_recipient_hears_nothing_more(ctx):
    await consume(
        ctx,
        alerts.alert_event,
        alr.AlertRecipientsChanged(
            alert_id="a1",
            added=["DE-AUTH"],
            notification="N_ALR_FORWARDED",
            notify_authority_ids=["DE-AUTH"],
        ),
    )
    await consume(
        ctx, alerts.alert_event, alr.AlertRecipientsChanged(alert_id="a1", removed=["DE-AUTH"])
    )
    info = alr.AlertItemStatusChanged(
        alert_id="a1",
        item_kind="additional_information",
        notification="N_ALR_INFO_BROADCAST",
        notify_authority_ids=["DE-AUTH", "DE-INBOX"],
    )
    assert await consume(ctx, alerts.alert_event, info) == [
        ("N_ALR_INFO_BROADCAST", "user", "de-fwd", "de")
    ]


async def test_not_043_closure_reminders_for_a_request_and_an_alert(ctx):
    await consume(
        ctx,
        requests.status_changed,
        status("REQ-058", "draft", "awaiting_acceptance", "requesting", "fr-h2", "FR-REQ"),
    )

    def due(case_type, case_id):
        return ClosureReminderDue(
            case_type=case_type,
            case_id=case_id,
            member_state="FR",
            la_code=LA,
            requesting_authority_id="FR-REQ" if case_type == "request" else None,
        )

    got = await consume(ctx, reminders.closure_reminder_due, due("request", "r1"))
    assert sorted(got) == [
        ("N_RET_CLOSURE_REMINDER", "authority", "FR-REQ", "fr"),
        ("N_RET_CLOSURE_REMINDER", "user", "fr-h2", "fr"),
    ]
    never_seen = await consume(ctx, reminders.closure_reminder_due, due("request", "r9"))
    assert [g[2] for g in sorted(never_seen)] == ["FR-REQ", "fr-h1", "fr-h2"]  # NOT-046
    await consume(ctx, alerts.alert_event, delivered("origin_copy", "FR", ["FR-INBOX"]))
    await consume(ctx, alerts.alert_event, delivered("recipient_ms", "DE", ["DE-INBOX"]))
    alert = await consume(ctx, reminders.closure_reminder_due, due("alert", "a1"))
    assert alert == [("N_RET_CLOSURE_REMINDER", "user", "fr-fwd", "fr")]  # launching MS


async def test_not_007_a_split_off_request_reaches_its_target_and_keeps_the_requester(ctx):
    await consume(
        ctx,
        requests.status_changed,
        status("REQ-058", "draft", "awaiting_acceptance", "requesting", "fr-h2", "FR-REQ"),
    )
    new = req.RequestStatusChanged(
        request_id="r2",
        la_code=LA,
        actor_user_id="de-h1",
        actor_authority_id="DE-RES",
        requesting_authority_id="FR-REQ",
        requesting_member_state="FR",
        old_status=None,
        new_status="awaiting_acceptance",
        rule="REQ-065",
        side="responding",
        responding_authority_id="DE-INBOX",
        split_from_request_id="r1",
    )
    got = await consume(ctx, requests.status_changed, new)
    assert got == []  # DE-INBOX has no request handler and no address in this directory
    accepted = await consume(
        ctx,
        requests.status_changed,
        req.RequestStatusChanged(
            request_id="r2",
            la_code=LA,
            actor_user_id="x",
            actor_authority_id="DE-INBOX",
            requesting_authority_id="FR-REQ",
            requesting_member_state="FR",
            old_status="awaiting_acceptance",
            new_status="accepted",
            rule="REQ-062",
            side="responding",
            responding_authority_id="DE-INBOX",
        ),
    )
    assert [g[2] for g in sorted(accepted)] == ["FR-REQ", "fr-h2"]  # the original's last actor


REQUIRED = {  # each alerts event type's own required fields (the rest is the common base)
    alr.AlertStatusChanged: {"old_status": "awaiting_broadcast"},
    alr.AlertForwardedToCoordinator: {"to_coordinator_id": "DE-INBOX"},
    alr.AlertContentChanged: {},
    alr.AlertDelivered: {"recipient": "DE", "kind": "recipient_ms"},
    alr.AlertRecipientsChanged: {},
    alr.AlertItemStatusChanged: {"item_kind": "additional_information"},
    alr.AlertPeriodExpired: {},
}


@pytest.mark.parametrize("model", alr.USED, ids=lambda m: m.event_type)
async def test_not_004_every_alert_event_type_routes_the_code_it_names(ctx, model):
    assert set(REQUIRED) == set(alr.USED)
    event = model(
        alert_id=f"a-{model.event_type}",
        notification="N_ALR_WITHDRAWAL_SUBMITTED",  # NOT-027: forwarders only
        notify_authority_ids=["DE-INBOX", "DE-AUTH"],
        **REQUIRED[model],
    )
    assert await consume(ctx, alerts.alert_event, event) == [
        ("N_ALR_WITHDRAWAL_SUBMITTED", "user", "de-fwd", "de")
    ]
    silent = model(alert_id="a-silent", **REQUIRED[model])  # no code named: no mail
    assert await consume(ctx, alerts.alert_event, silent) == []


async def test_x_001_a_deployment_mails_only_the_member_states_it_serves(ctx):
    fr_only = NotifierContext(NotifierSettings(member_states="FR"), ctx.uow, ctx.sealer, ctx.clock)
    sent = status("REQ-058", "draft", "awaiting_acceptance", "requesting", "fr-h2", "FR-REQ")
    assert await consume(fr_only, requests.status_changed, sent) == []  # DE's deployment mails
    accepted = status("REQ-062", "awaiting_acceptance", "accepted", "responding", "de-h1", "DE-RES")
    assert [g[2] for g in sorted(await consume(fr_only, requests.status_changed, accepted))] == [
        "FR-REQ",
        "fr-h2",
    ]


def message(side, actor, actor_authority, kind="comment"):
    return req.RequestMessageAdded(
        request_id="r1",
        la_code=LA,
        actor_user_id=actor,
        actor_authority_id=actor_authority,
        requesting_authority_id="FR-REQ",
        requesting_member_state="FR",
        message_id=f"m-{actor}-{kind}",
        kind=kind,
        side=side,
    )


async def test_not_013_a_message_tells_the_other_authoritys_last_actor_and_its_copy(ctx):
    await consume(
        ctx,
        requests.status_changed,
        status("REQ-058", "draft", "awaiting_acceptance", "requesting", "fr-h2", "FR-REQ"),
    )
    await consume(
        ctx,
        requests.status_changed,
        status("REQ-062", "awaiting_acceptance", "accepted", "responding", "de-h1", "DE-RES"),
    )
    to_requester = await consume(
        ctx, requests.message_added, message("responding", "de-h2", "DE-RES")
    )
    assert sorted(to_requester) == [
        ("N_REQ_MESSAGE_ADDED", "authority", "FR-REQ", "fr"),
        ("N_REQ_MESSAGE_ADDED", "user", "fr-h2", "fr"),  # NOT-003: the sender acted last
    ]
    # the author became the responding side's last actor (NOT-003): the reply reaches de-h2
    to_responder = await consume(
        ctx, requests.message_added, message("requesting", "fr-h2", "FR-REQ")
    )
    assert sorted(to_responder) == [
        ("N_REQ_MESSAGE_ADDED", "authority", "DE-RES", "de"),
        ("N_REQ_MESSAGE_ADDED", "user", "de-h2", "de"),
    ]
    assert "example" not in ctx.uow.published("notification.queued")[-1].model_dump_json()


async def test_not_013_req_108_a_coordinator_opinion_tells_the_other_authority_nothing(ctx):
    await consume(
        ctx,
        requests.status_changed,
        status("REQ-058", "draft", "awaiting_acceptance", "requesting", "fr-h2", "FR-REQ"),
    )
    opinion = message("responding", "de-h1", "DE-RES", kind="coordinator_opinion")
    assert await consume(ctx, requests.message_added, opinion) == []
    comment = message("responding", "de-h1", "DE-RES")
    assert [g[2] for g in sorted(await consume(ctx, requests.message_added, comment))] == [
        "FR-REQ",
        "fr-h2",
    ]
