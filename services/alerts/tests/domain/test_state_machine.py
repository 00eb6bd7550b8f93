"""The alert state machine table (§5.10, ALR-049..076), row by row, against every status.

For each row: the action succeeds from each of its `From` statuses (ending in its `To`
status) and, from every status where no row of the same command applies, it is refused with
`Conflict` naming a rule. Builders reach each status through the real commands.
"""

from __future__ import annotations

import pytest

from imi_alerts.domain import (
    ACTIVE_STATUSES,
    AdditionalInfoType,
    AlertPeriodExpired,
    AlertStatus,
    ClosurePeriod,
    Conflict,
    ContentChanges,
    RecipientMsStatus,
)

S = AlertStatus
ALL = tuple(S)
DRAFT, SUBMITTED, AWAITING = S.DRAFT, S.SUBMITTED_FOR_BROADCAST, S.AWAITING_BROADCAST
BROADCAST, COMMENTS = S.BROADCAST, S.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS
CLOSURE_AWAITING = S.CLOSURE_PROPOSAL_AWAITING_BROADCAST
OBJECTIONS, W_AWAITING = S.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS, S.WITHDRAWAL_AWAITING_BROADCAST
LIVE = (BROADCAST, COMMENTS, CLOSURE_AWAITING, OBJECTIONS)
ACTIVE = (*LIVE, W_AWAITING)
AFTER = (*ACTIVE, S.WITHDRAWN, S.CLOSED)
UNBROADCAST = (SUBMITTED, AWAITING)


def check(world, status, allowed, act, expect_status=None, rules=None):
    """Run `act(alert)` from `status`; succeed iff allowed, else Conflict."""
    alert = world.alert(status)
    if status in allowed:
        act(world, alert)
        if expect_status is not None:
            expected = expect_status(status) if callable(expect_status) else expect_status
            assert alert.status is expected
        return alert
    with pytest.raises(Conflict) as info:
        act(world, alert)
    if rules is not None:
        assert info.value.rule_id in rules, info.value
    return alert


def _ensure(world, alert, ms, authorities):
    if alert.status in ACTIVE:
        world.receive(alert, ms, authorities)


# -- ALR-049 .. ALR-057: before broadcast ----------------------------------------------------


def test_alr_049_launch_and_first_save_give_a_numbered_draft(world):
    alert = world.alert("unsaved")
    alert.save_draft(world.handler("FR-A"), world.number_source, world.later())
    assert alert.status is DRAFT and alert.ref_no


@pytest.mark.parametrize("status", ALL)
def test_alr_049_save_draft_only_in_draft(world, status):
    check(
        world,
        status,
        (DRAFT,),
        lambda w, a: a.save_draft(w.handler("FR-A"), w.number_source, w.later()),
        DRAFT,
        {"ALR-015"},
    )


@pytest.mark.parametrize("status", ALL)
def test_alr_050_alr_054_alr_062_edit_rows(world, status):
    """ALR-050 draft edit, ALR-054 unbroadcast edit, ALR-062 after-broadcast correction:
    status unchanged."""
    check(
        world,
        status,
        (DRAFT, *UNBROADCAST, *LIVE),
        lambda w, a: a.edit(
            w.handler("FR-A"), ContentChanges(description=w.text("new")), w.later()
        ),
        lambda s: s,
        {"ALR-062"},
    )


@pytest.mark.parametrize("status", ALL)
def test_alr_050_alr_055_delete_rows(world, status):
    """ALR-050 draft → deleted; ALR-055 unbroadcast → deleted."""
    check(
        world,
        status,
        (DRAFT, *UNBROADCAST),
        lambda w, a: a.delete(w.handler("FR-A"), w.later()),
        S.DELETED,
        {"ALR-036", "ALR-055"},
    )


@pytest.mark.parametrize("status", ALL)
def test_alr_051_submit(world, status):
    check(
        world,
        status,
        (DRAFT,),
        lambda w, a: a.submit(w.handler("FR-A"), w.later()),
        SUBMITTED,
        {"ALR-051"},
    )


@pytest.mark.parametrize("status", ALL)
def test_alr_052_forward_to_another_coordinator(world, status):
    check(
        world,
        status,
        (SUBMITTED,),
        lambda w, a: a.forward_to_coordinator(
            w.forwarder("FR-C"), w.coord("FR-CFA"), "not competent", w.later()
        ),
        SUBMITTED,
        {"ALR-052"},
    )


@pytest.mark.parametrize("status", ALL)
def test_alr_053_accept_for_broadcast(world, status):
    check(
        world,
        status,
        (SUBMITTED,),
        lambda w, a: a.accept_for_broadcast(w.forwarder("FR-C"), w.later()),
        AWAITING,
        {"ALR-053"},
    )


@pytest.mark.parametrize("status", ALL)
def test_alr_056_alr_061_add_recipient_state(world, status):
    """ALR-056 before broadcast, ALR-061 after: status unchanged."""
    check(
        world,
        status,
        (AWAITING, *LIVE),
        lambda w, a: a.add_recipient_ms(w.forwarder("FR-C"), "IT", w.later(), ["IT-INBOX"]),
        lambda s: s,
        {"ALR-056"},
    )


@pytest.mark.parametrize("status", ALL)
def test_alr_057_broadcast(world, status):
    check(
        world,
        status,
        (AWAITING,),
        lambda w, a: a.broadcast(w.forwarder("FR-C"), w.inboxes, w.later()),
        BROADCAST,
        {"ALR-057"},
    )


# -- ALR-058 .. ALR-064: recipients and information ------------------------------------------


@pytest.mark.parametrize("ms_status", tuple(RecipientMsStatus))
def test_alr_058_acknowledge_recipient_state_table(world, ms_status):
    alert = world.alert(BROADCAST)
    if ms_status is RecipientMsStatus.ACKNOWLEDGED:
        alert.acknowledge(world.forwarder("BE-INBOX"), world.later())
        with world.refused("ALR-058", Conflict):
            alert.acknowledge(world.forwarder("BE-INBOX"), world.later())
    else:
        alert.acknowledge(world.forwarder("BE-INBOX"), world.later())
        assert alert.deliveries["BE"].status is RecipientMsStatus.ACKNOWLEDGED


@pytest.mark.parametrize("status", ALL)
def test_alr_058_acknowledge_in_any_status_after_broadcast(world, status):
    check(
        world,
        status,
        AFTER,
        lambda w, a: a.acknowledge(w.forwarder("BE-INBOX"), w.later()),
        lambda s: s,
        {"ALR-058"},
    )


@pytest.mark.parametrize("status", ALL)
def test_alr_059_forward_within_the_state(world, status):
    check(
        world,
        status,
        ACTIVE,
        lambda w, a: a.forward_within_ms(w.forwarder("FR-INBOX"), [w.rauth("FR-A2")], w.later()),
        lambda s: s,
        {"ALR-059"},
    )


@pytest.mark.parametrize("status", ALL)
def test_alr_060_remove_recipient(world, status):
    def act(w, a):
        if a.status in ACTIVE:
            a.forward_within_ms(w.forwarder("FR-INBOX"), [w.rauth("FR-A2")], w.later())
        a.remove_recipient(w.forwarder("FR-INBOX"), "FR-A2", w.later())

    check(world, status, ACTIVE, act, lambda s: s, {"ALR-060"})


@pytest.mark.parametrize("status", ALL)
def test_alr_061_change_mse(world, status):
    """Allowed from `broadcast`; refused in the closure statuses (ALR-033) and elsewhere."""
    check(
        world,
        status,
        (BROADCAST,),
        lambda w, a: a.change_establishment(w.forwarder("FR-C"), "BE", w.later()),
        BROADCAST,
        {"ALR-033", "ALR-061"},
    )


@pytest.mark.parametrize("status", ALL)
def test_alr_062_edit_provider_data_after_broadcast(world, status):
    check(
        world,
        status,
        (DRAFT, *UNBROADCAST, *LIVE),
        lambda w, a: a.edit(w.handler("FR-A"), ContentChanges(provider=w.provider[:1]), w.later()),
        lambda s: s,
        {"ALR-062"},
    )


@pytest.mark.parametrize("status", ALL)
def test_alr_063_submit_additional_information(world, status):
    check(
        world,
        status,
        ACTIVE,
        lambda w, a: a.submit_information(
            w.handler("FR-A"), AdditionalInfoType.INFORMATION, w.text(), w.coord("FR-C"), w.later()
        ),
        lambda s: s,
        {"ALR-028"},
    )


@pytest.mark.parametrize("status", ACTIVE)
def test_alr_064_broadcast_additional_information(world, status):
    alert = world.alert(status)
    (e,) = alert.submit_information(
        world.handler("FR-A"),
        AdditionalInfoType.INFORMATION,
        world.text(),
        world.coord("FR-C"),
        world.later(),
    )
    alert.broadcast_information(world.forwarder("FR-C"), e.item_id, world.later())
    assert alert.status is status and alert.items[0].status == "broadcast"


@pytest.mark.parametrize("final", [S.WITHDRAWN, S.CLOSED])
def test_alr_064_no_broadcast_of_information_once_withdrawn_or_closed(world, final):
    alert = world.alert(W_AWAITING if final is S.WITHDRAWN else OBJECTIONS)
    (e,) = alert.submit_information(
        world.handler("FR-A"),
        AdditionalInfoType.INFORMATION,
        world.text(),
        world.coord("FR-C"),
        world.later(),
    )
    if final is S.WITHDRAWN:
        alert.broadcast_withdrawal(world.forwarder("FR-C"), world.later())
    else:
        alert.close(world.forwarder("DE-C"), world.at(days=17))
    with world.refused("ALR-064", Conflict):
        alert.broadcast_information(world.forwarder("FR-C"), e.item_id, world.later())


# -- ALR-065 .. ALR-076: closure and withdrawal ---------------------------------------------


@pytest.mark.parametrize("status", ALL)
def test_alr_065_propose_closure(world, status):
    def act(w, a):
        _ensure(w, a, "DE", ["DE-A", "DE-C"])
        a.propose_closure(w.handler("DE-A"), w.coord("DE-C"), w.text(), w.periods, w.later())

    check(world, status, (BROADCAST,), act, COMMENTS, {"ALR-065"})


@pytest.mark.parametrize("status", ALL)
def test_alr_066_comment(world, status):
    def act(w, a):
        _ensure(w, a, "DE", ["DE-A2"])
        a.comment_on_closure(w.handler("DE-A2"), w.text(), w.later())

    check(world, status, (COMMENTS,), act, COMMENTS, {"ALR-066"})


@pytest.mark.parametrize("status", ALL)
def test_alr_067_edit_proposal(world, status):
    check(
        world,
        status,
        (COMMENTS, CLOSURE_AWAITING),
        lambda w, a: a.edit_closure_proposal(w.handler("DE-A"), w.text("e"), w.later()),
        lambda s: s,
        {"ALR-067"},
    )


@pytest.mark.parametrize("status", ALL)
def test_alr_067_alr_074_cancel_proposal(world, status):
    """ALR-067 before the proposal's broadcast (proposer), ALR-074 after it (closure
    coordinator's forwarder): back to `broadcast`."""

    def act(w, a):
        who = w.forwarder("DE-C") if a.status is OBJECTIONS else w.handler("DE-A")
        a.cancel_closure_proposal(who, w.later())

    check(world, status, (COMMENTS, CLOSURE_AWAITING, OBJECTIONS), act, BROADCAST, {"ALR-067"})


@pytest.mark.parametrize("status", ALL)
def test_alr_068_comment_period_expires(world, status):
    alert = world.alert(status)
    events = alert.expire_periods(world.at(days=6))
    if status is COMMENTS:
        assert alert.status is CLOSURE_AWAITING
        assert any(isinstance(e, AlertPeriodExpired) for e in events)
    else:
        assert alert.status is status
        assert not any(getattr(e, "period", None) is ClosurePeriod.COMMENT for e in events)


@pytest.mark.parametrize("status", ALL)
def test_alr_069_broadcast_closure_proposal(world, status):
    check(
        world,
        status,
        (CLOSURE_AWAITING,),
        lambda w, a: a.broadcast_closure_proposal(w.forwarder("DE-C"), w.periods, w.later()),
        OBJECTIONS,
        {"ALR-069"},
    )


@pytest.mark.parametrize("status", ALL)
def test_alr_070_submit_objection(world, status):
    def act(w, a):
        _ensure(w, a, "BE", ["BE-A"])
        a.submit_information(
            w.handler("BE-A"),
            AdditionalInfoType.OBJECTION_TO_CLOSURE,
            w.text(),
            w.coord("BE-INBOX"),
            w.later(),
        )

    check(world, status, (OBJECTIONS,), act, OBJECTIONS, {"ALR-031"})


@pytest.mark.parametrize("after", [None, BROADCAST, S.CLOSED, W_AWAITING])
def test_alr_071_broadcast_objection(world, after):
    alert = world.alert(OBJECTIONS)
    world.receive(alert, "BE", ["BE-A"])
    (e,) = alert.submit_information(
        world.handler("BE-A"),
        AdditionalInfoType.OBJECTION_TO_CLOSURE,
        world.text(),
        world.coord("BE-INBOX"),
        world.later(),
    )
    if after is BROADCAST:
        alert.cancel_closure_proposal(world.forwarder("DE-C"), world.later())
    elif after is S.CLOSED:
        alert.close(world.forwarder("DE-C"), world.at(days=17))
    elif after is W_AWAITING:
        alert.submit_withdrawal(world.handler("FR-A"), "wrong", world.later())
    if after is None:
        alert.broadcast_information(world.forwarder("BE-INBOX"), e.item_id, world.later())
        assert alert.status is OBJECTIONS and alert.items[-1].status == "broadcast"
    else:
        with world.refused("ALR-071", Conflict):
            alert.broadcast_information(world.forwarder("BE-INBOX"), e.item_id, world.later())


@pytest.mark.parametrize("status", ALL)
def test_alr_072_objection_period_expires(world, status):
    alert = world.alert(status)
    events = alert.expire_periods(world.at(days=16, hours=1))
    objection = [e for e in events if getattr(e, "period", None) is ClosurePeriod.OBJECTION]
    if status is OBJECTIONS:
        assert objection and alert.status is OBJECTIONS and alert.closure.objection_period_ended
    else:
        assert not objection


@pytest.mark.parametrize("status", ALL)
def test_alr_073_close(world, status):
    check(
        world,
        status,
        (OBJECTIONS,),
        lambda w, a: a.close(w.forwarder("DE-C"), w.at(days=17)),
        S.CLOSED,
        {"ALR-073"},
    )


@pytest.mark.parametrize("status", ALL)
def test_alr_075_submit_withdrawal(world, status):
    check(
        world,
        status,
        LIVE,
        lambda w, a: a.submit_withdrawal(w.handler("FR-A"), "wrong", w.later()),
        W_AWAITING,
        {"ALR-036", "ALR-075"},
    )


@pytest.mark.parametrize("status", ALL)
def test_alr_076_broadcast_withdrawal(world, status):
    check(
        world,
        status,
        (W_AWAITING,),
        lambda w, a: a.broadcast_withdrawal(w.forwarder("FR-C"), w.later()),
        S.WITHDRAWN,
        {"ALR-076"},
    )


def test_active_statuses_constant_matches_the_table():
    assert set(ACTIVE_STATUSES) == set(ACTIVE)
