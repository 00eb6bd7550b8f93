"""§4.12 as pure rules: who sees a request in their action list, with which action (REQ-092,
REQ-093, REQ-121, REQ-021, REQ-023, REQ-050..053), the list row kept from the request's
changes, and the search criteria (REQ-094, REQ-095)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from imi_requests.domain import list_rows, search
from imi_requests.domain.action_list import EXPECTED, Expected, ListRow, action_for
from imi_requests.domain.actors import ALLOCATOR, ARBITER, HANDLER, VIEWER
from imi_requests.domain.request import TERMINAL, Side
from imi_requests.domain.request import RequestStatus as S
from imi_shared.errors import Forbidden, InvalidInput

from .conftest import DE_C, FR_C, T0, person


def row_of(request) -> ListRow:
    sides = {
        Side.REQUESTING: request.requesting_authority_id,
        Side.RESPONDING: request.responding_authority_id,
        Side.REQUESTING_COORDINATOR: request.requesting_coordinator_id,
        Side.RESPONDING_COORDINATOR: request.responding_coordinator_id,
    }
    return ListRow(
        request.request_id,
        request.la_code,
        request.status,
        {s: a for s, a in sides.items() if a},
        dict(request.allocations),
    )


def seen_by(world, row: ListRow, allocation_on: bool = False) -> dict[str, str]:
    everyone = [
        world.sender,
        world.fr_viewer,
        world.receiver,
        world.de_other,
        world.de_viewer,
        world.de_allocator,
        world.fr_arbiter,
        world.de_arbiter,
        world.de_ca2_handler,
        world.stranger,
    ]
    out = {}
    for actor in everyone:
        action = action_for(row, actor, allocation_on)
        if action is not None:
            out[actor.user_id] = action.value
    return out


def test_req_093_003_every_open_status_waits_for_one_side_and_the_terminal_ones_for_none():
    assert set(EXPECTED) | TERMINAL == set(S)
    assert not set(EXPECTED) & TERMINAL


@pytest.mark.parametrize(
    ("status", "who", "action"),
    [
        (S.AWAITING_ACCEPTANCE, {"u-de", "u-de-2"}, Expected.ACCEPT),  # REQ-023
        (S.ACCEPTED, {"u-de", "u-de-2"}, Expected.REPLY),
        (S.ANSWERED, {"u-fr"}, Expected.READ_REPLY),
        (S.FURTHER_INFO_REQUESTED, {"u-de", "u-de-2"}, Expected.ANSWER_FURTHER_INFO),
        (S.FURTHER_INFO_REJECTED, {"u-fr"}, Expected.CLOSE_OR_MAINTAIN),
        (S.AWAITING_REQUEST_APPROVAL, {"a-fr"}, Expected.APPROVE_REQUEST),  # REQ-121
        (S.AWAITING_REPLY_APPROVAL, {"a-de"}, Expected.APPROVE_REPLY),  # REQ-121
        (S.REQUEST_NOT_APPROVED, {"u-fr"}, Expected.AMEND_REQUEST),
        (S.RETURNED_BY_ARBITER, {"u-de", "u-de-2"}, Expected.PROVIDE_OR_MAINTAIN),
        (S.ARBITRATION_RESPONDING_COORDINATOR, {"a-de"}, Expected.ARBITRATE),
        (S.CLOSED, set(), None),
        (S.REFUSED, set(), None),
    ],
)
def test_req_092_req_093_the_action_list_shows_each_user_what_waits_for_them(
    world, status, who, action
):
    seen = seen_by(world, row_of(world.at(status)))
    assert set(seen) == who  # never viewers, strangers or another authority's users
    assert set(seen.values()) <= ({action.value} if action else set())


def test_req_021_req_092_the_authoritys_drafts_are_in_its_handlers_lists(world):
    request = world.draft()
    colleague = person("u-fr-2", "fr-ca", "FR", HANDLER)
    row = row_of(request)
    assert seen_by(world, row) == {"u-fr": Expected.COMPLETE_AND_SEND.value}
    assert action_for(row, colleague, False) is Expected.COMPLETE_AND_SEND
    # REQ-052: once sent, only the allocated (creating) handler acts, so only it is told
    answered = row_of(world.at(S.ANSWERED))
    assert action_for(answered, colleague, False) is None


def test_req_050_with_allocation_on_a_new_request_goes_to_the_allocators_first(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    world.set("de-ca", allocation_enabled=True)
    assert seen_by(world, row_of(request), allocation_on=True) == {"al-de": "allocate"}
    world.allocate(request, world.de_allocator, Side.RESPONDING, ("u-de-2",))
    # REQ-051: then only the allocated handler's list
    assert seen_by(world, row_of(request), allocation_on=True) == {"u-de-2": "accept"}


def test_req_121_req_053_a_coordinator_with_allocation_lists_to_its_allocators_then_arbiter(
    world,
):
    request = world.at(S.AWAITING_REQUEST_APPROVAL)
    fr_allocator = person("al-fr", FR_C, "FR", ALLOCATOR)
    other_arbiter = person("a-fr-2", FR_C, "FR", ARBITER)
    row = row_of(request)
    assert action_for(row, fr_allocator, True) is Expected.ALLOCATE
    assert action_for(row, world.fr_arbiter, True) is None
    request.allocations = {**request.allocations, Side.REQUESTING_COORDINATOR: ("a-fr",)}
    row = row_of(request)
    assert action_for(row, world.fr_arbiter, True) is Expected.APPROVE_REQUEST
    assert action_for(row, other_arbiter, True) is None
    assert action_for(row, other_arbiter, False) is Expected.APPROVE_REQUEST
    assert DE_C not in row.authorities.values()


def change(request_id="r1", old=None, new=S.DRAFT, rule="REQ-055", at=T0, **fields):
    base = dict(
        request_id=request_id,
        la_code="services",
        old_status=old,
        new_status=new,
        rule=rule,
        actor_user_id="u-fr",
        requesting_authority_id="fr-ca",
        requesting_member_state="FR",
        responding_authority_id="de-ca",
        responding_member_state=None,
        requesting_coordinator_id=None,
        responding_coordinator_id=None,
        split_from_request_id=None,
        at=at,
    )
    return list_rows.StatusChange(**{**base, **fields})


def test_req_092_req_094_the_list_row_follows_the_requests_changes():
    row = list_rows.on_status_changed(None, change())
    assert row["allocations"] == {"requesting": ["u-fr"]}  # REQ-052: the creator
    assert row["party_ids"] == ["fr-ca"] and row["sent_party_ids"] == []  # a draft is ours
    later = T0 + timedelta(days=1)
    row = list_rows.on_status_changed(
        row,
        change(
            old=S.DRAFT,
            new=S.AWAITING_REQUEST_APPROVAL,
            rule="REQ-057",
            at=later,
            requesting_coordinator_id=FR_C,
            responding_member_state="DE",
        ),
    )
    # REQ-112: the responding side learns nothing before approval; the coordinator acts
    assert row["party_ids"] == ["fr-ca", FR_C] and row["awaiting_authority_id"] == FR_C
    assert row["sent_at"] == list_rows.iso(later) and "received_at" not in row
    row = list_rows.on_status_changed(
        row, change(old=row["status"], new=S.AWAITING_ACCEPTANCE, rule="REQ-059", at=later)
    )
    assert row["awaiting_authority_id"] == "de-ca" and "de-ca" in row["sent_party_ids"]
    row = list_rows.on_allocated(row, Side.RESPONDING, ("u-de",), later)
    assert row["allocations"]["responding"] == ["u-de"]
    row = list_rows.on_status_changed(  # REQ-064 / REQ-119: a forward clears the allocation
        row,
        change(
            old=S.AWAITING_ACCEPTANCE,
            new=S.AWAITING_ACCEPTANCE,
            rule="REQ-064",
            responding_authority_id="de-ca2",
        ),
    )
    assert "responding" not in row["allocations"] and row["awaiting_authority_id"] == "de-ca2"
    assert "de-ca" not in row["party_ids"]
    split = list_rows.on_status_changed(  # REQ-065 / REQ-120: the same requesting side
        None,
        change("r2", None, S.AWAITING_ACCEPTANCE, "REQ-065", split_from_request_id="r1"),
        origin=row,
    )
    assert split["allocations"] == {"requesting": ["u-fr"]} and split["sent_at"]
    closed = list_rows.on_status_changed(row, change(old=S.ANSWERED, new=S.CLOSED, rule="REQ-072"))
    assert closed["closed_at"] and closed["awaiting_authority_id"] is None and not closed["open"]


def test_req_094_search_needs_a_request_right_and_sane_criteria():
    nobody = person("x", "fr-ca", "FR", "alert_handler")
    with pytest.raises(Forbidden) as refused:
        search.check(search.SearchCriteria(), nobody)
    assert refused.value.rule_id == "REQ-094"
    viewer = person("v", "fr-ca", "FR", VIEWER)
    assert search.check(search.SearchCriteria(), viewer) == ("services",)
    assert search.check(search.SearchCriteria(la_code="other"), viewer) == ()
    with pytest.raises(InvalidInput) as backwards:
        search.check(search.SearchCriteria(sent_from=T0, sent_to=T0 - timedelta(days=1)), viewer)
    assert backwards.value.field == "sent_to"


def test_req_094_req_095_criteria_become_a_row_filter():
    where = search.row_filter(
        search.SearchCriteria(
            statuses=(S.ACCEPTED, S.ANSWERED), country="DE", sent_from=T0, idle_days=10
        ),
        T0 + timedelta(days=30),
    )
    assert where["status"] == {"$in": ["accepted", "answered"]}
    assert where["member_states"] == "DE" and where["sent_at"] == {"$gte": list_rows.iso(T0)}
    assert where["last_action_at"] == {"$lte": list_rows.iso(T0 + timedelta(days=20))}
    assert where["open"] is True  # REQ-095: a closed request waits for nobody
