"""The consumers: the directory read model (X-054: workflow parameters, access, coordinators
from the directory's events) and the responding side's incoming list (REQ-023), kept in the
list read model of §4.12."""

from __future__ import annotations

from imi_requests.adapters import directory_events as d
from imi_requests.adapters.directory_view import DirectoryView
from imi_requests.adapters.event_messages import RequestStatusChanged
from imi_requests.domain.actors import Actor
from imi_requests.domain.drafting import DraftContent
from imi_requests.domain.request import Question, SubjectField
from imi_requests.handlers import commands as c
from imi_requests.handlers import drafting
from imi_requests.handlers.directory import HANDLERS
from imi_requests.handlers.lists import on_status_changed
from imi_requests.handlers.reading import incoming_of
from imi_shared.envelope import Envelope
from imi_testkit import FakeUnitOfWork

REGISTERED = {
    "authority_id": "be-ca",
    "member_state": "BE",
    "status": "active",
    "legislative_areas": [
        {
            "la_code": "services",
            "status": "active",
            "workflows": [
                {
                    "workflow": "requests",
                    "status": "active",
                    "role": "request_authority",
                    "parameters": {"may_refuse_requests": True, "approval_required": False},
                    "associated_coordinator_ids": ["be-coord"],
                },
                {"workflow": "alerts", "status": "active", "role": "alert_authority"},
            ],
        }
    ],
}


async def consume(uow: FakeUnitOfWork, model, payload: dict) -> None:
    event = model.model_validate(payload)
    envelope = Envelope.wrap(event, producer="directory", member_state=payload["member_state"])
    await uow.run(lambda tx: HANDLERS[model.event_type](event, envelope, tx))


async def facts(uow: FakeUnitOfWork, authority_id: str):
    return (await uow.run(lambda tx: DirectoryView.of(tx).facts(authority_id, "services"))).value


async def test_x_054_the_directory_events_give_the_workflow_parameters():
    uow = FakeUnitOfWork()
    await consume(uow, d.AuthorityRegistered, REGISTERED)
    found = await facts(uow, "be-ca")
    assert found.active and found.parameters.may_refuse_requests
    assert found.associated_coordinator_ids == ("be-coord",)
    params = {"authority_id": "be-ca", "member_state": "BE", "la_code": "services"}
    await consume(
        uow,
        d.AuthorityParametersChanged,
        {**params, "workflow": "requests", "parameters": {"allocation_enabled": True}},
    )
    await consume(
        uow, d.AccessChanged, {**params, "workflow": "requests", "new_status": "suspended"}
    )
    found = await facts(uow, "be-ca")
    assert found.parameters.allocation_enabled and not found.parameters.may_refuse_requests
    assert not found.active  # DIR-126: no new requests while suspended
    await consume(uow, d.AuthorityDeleted, {"authority_id": "be-ca", "member_state": "BE"})
    assert await facts(uow, "be-ca") is None


async def test_req_023_a_sent_request_reaches_the_responding_authoritys_list(ctx):
    sender = Actor("u-fr", "fr-ca", "FR", {"services": frozenset({"request_handler"})})
    content = DraftContent(
        "services",
        "de-ca",
        None,
        "SD-GENERAL",
        (Question("SD-GENERAL.Q1"),),
        (),
        (SubjectField("provider_name", "X"),),
    )
    await drafting.create_request(
        ctx, c.CreateRequest(content, send=True), sender, new_id=lambda: "r1"
    )
    await drafting.create_request(ctx, c.CreateRequest(content), sender, new_id=lambda: "r2")
    for envelope in ctx.uow.published("request.status_changed"):
        decoded = RequestStatusChanged.model_validate(envelope.payload)
        await ctx.uow.run(lambda tx, d=decoded, e=envelope: on_status_changed(d, e, tx))
    rows = await incoming_of(ctx, "de-ca")
    # r2 is a draft addressed to de-ca too: nothing reaches the responder before sending
    assert [(r["request_id"], r["status"]) for r in rows] == [("r1", "awaiting_acceptance")]
    assert rows[0]["ref_no"] == ctx.uow.collections["requests"]["r1"]["ref_no"] is not None
    assert rows[0]["received_at"] == ctx.clock().isoformat(timespec="microseconds")
