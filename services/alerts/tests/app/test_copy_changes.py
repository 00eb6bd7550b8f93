"""Issue 10, changes not views (pure): who is told of a mailbox's work (ALR-003, ALR-022..026),
what a change holds, and that a copy kept by changes, applied in their sequence order whatever
their arrival, shows what a copy sent whole would show (ALR-081)."""

from datetime import timedelta

from imi_alerts.adapters.delivery_messages import CopyUpdated
from imi_alerts.copies.changes import CopyChange, change_for
from imi_alerts.copies.distributed import CopyContent
from imi_alerts.copies.model import InboxCopy
from imi_alerts.copies.targets import events_by_participant, participant_view
from imi_alerts.domain import (
    AdditionalInfoType,
    Alert,
    ContentChanges,
    CoordinatorRef,
    FreeText,
    ProviderField,
    RecipientAuthority,
)
from imi_shared.participants import EEA_MEMBER_STATES

from .test_copy_model import DE_INBOX, FR_A, FR_C, T0, update_for

KNOWN = ("DE", "FR", "EU")


def sent(alert: Alert) -> int:
    """What `StoredAlert.history_sent` holds after a publication."""
    return alert.history[-1].seq


def change_update(alert, events, seq, history_from, participant="DE", **target):
    mine = events_by_participant(events, KNOWN).get(participant, [])
    change = change_for(alert, participant, mine, known_before=KNOWN, history_from=history_from)
    assert change is not None, "a change can say this"
    wire = CopyChange.model_validate_json(change.model_dump_json())  # as unsealed
    update = CopyUpdated(
        alert_id=alert.alert_id,
        number=alert.ref_no,
        origin_ms="FR",
        participant=participant,
        seq=seq,
        sealed_copy=None,
        **target,
    )
    return update, None, wire


def broadcast_to(states) -> tuple[Alert, list]:
    changes = ContentChanges(
        provider=(ProviderField(code="name", value="Jean Dupont"),),
        establishment_ms="DE",
        description=FreeText(text="Unsafe gas installations " * 8, lang="en"),
        recipient_ms=tuple(states),
    )
    alert = Alert.launch(
        alert_id="a-1", actor=FR_A, checklist={"c": True}, criteria=("c",), now=T0, changes=changes
    )
    alert.select_coordinator(FR_A, CoordinatorRef(authority_id="FR-C", member_state="FR"), T0)
    alert.save_draft(FR_A, lambda ms, now: "ALR-FR-2026-00001", T0)
    alert.submit(FR_A, T0)
    alert.accept_for_broadcast(FR_C, T0)
    alert.pull_events()
    events = alert.broadcast(FR_C, {ms: [f"{ms}-INBOX"] for ms in ("FR", *states)}, T0)
    alert.pull_events()
    return alert, events


def test_issue_10_alr_003_alr_023_a_mailbox_s_work_reaches_only_its_own_state():
    alert, _ = broadcast_to(("DE", "BE"))
    acked = alert.acknowledge(DE_INBOX, T0 + timedelta(hours=1))
    known = ("DE", "BE", "FR", "EU")
    assert set(events_by_participant(acked, known)) == {"DE"}
    forwarded = alert.forward_within_ms(
        DE_INBOX,
        (RecipientAuthority(authority_id="DE-A", member_state="DE"),),
        T0 + timedelta(hours=2),
    )
    assert set(events_by_participant(forwarded, known)) == {"DE"}
    # the other copies never show DE's acknowledgement or forwarding, even when sent whole
    be_view = participant_view(alert, "BE")
    assert {h.action for h in be_view.history}.isdisjoint({"acknowledged", "forwarded"})
    assert be_view.recipients == ()  # its own are its delivery's, kept apart
    de_view = participant_view(alert, "DE")
    assert {"acknowledged", "forwarded"} <= {h.action for h in de_view.history}


def test_issue_10_a_broadcast_copy_is_under_4_kb_and_an_acknowledgement_a_small_change():
    states = [ms for ms in EEA_MEMBER_STATES if ms != "FR"]
    alert, delivered = broadcast_to(states)
    _, whole = update_for(alert, delivered, 1)
    # sealed (base64: x 4/3, plus the seal's header) it stays under 4 KB; the personal data
    # travels sealed apart; the view lists no other state's recipients or deliveries
    assert len(whole.model_dump_json()) <= 2_900
    history_from = sent(alert)
    acked = alert.acknowledge(DE_INBOX, T0 + timedelta(hours=1))
    _, _, change = change_update(alert, acked, 2, history_from)
    assert len(change.model_dump_json()) <= 1_500
    assert [h.action for h in change.history] == ["acknowledged"] and not change.personal_data


def test_issue_10_alr_081_a_copy_kept_by_changes_shows_what_a_whole_copy_shows():
    alert, delivered = broadcast_to(("DE",))
    first = (*update_for(alert, delivered, 1), None)
    updates = []
    history_from = sent(alert)
    for n, act in enumerate(
        (
            lambda at: alert.acknowledge(DE_INBOX, at),
            lambda at: alert.forward_within_ms(
                DE_INBOX, (RecipientAuthority(authority_id="DE-A", member_state="DE"),), at
            ),
        )
    ):
        events = act(T0 + timedelta(hours=n + 1))
        updates.append(change_update(alert, events, n + 2, history_from))
        history_from = sent(alert)
    [submitted] = alert.submit_information(
        FR_A,
        AdditionalInfoType.INFORMATION,
        FreeText(text="Licence suspended", lang="en"),
        CoordinatorRef(authority_id="FR-C", member_state="FR"),
        T0 + timedelta(hours=3),
    )
    assert "DE" not in events_by_participant([submitted], KNOWN)  # still inside FR
    broadcast = alert.broadcast_information(FR_C, submitted.item_id, T0 + timedelta(hours=4))
    item_update = change_update(alert, broadcast, 4, history_from)
    assert [i.item_id for i in item_update[2].items] == [submitted.item_id]
    assert item_update[2].personal_data  # the sealed personal data comes with changed items
    assert item_update[2].delivery is None  # FR acted: DE's delivery is left as it is
    assert all(u[2].delivery is not None for u in updates)  # DE's own work: its delivery
    updates.append(item_update)

    copy = InboxCopy(alert_id="a-1", participant="DE")
    for update in (updates[2], first, updates[0], updates[1]):  # out of order: buffered
        update_, content, change = update
        assert copy.receive(update_, content, keep_personal_data=True, now=T0, change=change)
    assert copy.next_seq == 5 and not copy.buffered
    for update_, content, change in (first, *updates):  # a repeat changes nothing
        assert not copy.receive(update_, content, keep_personal_data=True, now=T0, change=change)

    whole = CopyContent.model_validate_json(
        update_for(alert, broadcast, 5, known=KNOWN)[1].model_dump_json()
    )
    kept = {k: v for k, v in copy.view.items() if k != "recipients"}
    assert kept == {
        k: v for k, v in whole.view.model_dump(mode="json").items() if k != "recipients"
    }
    assert copy.delivery == whole.delivery and copy.alert_status == whole.alert_status
    assert copy.status == "forwarded"
    assert [e.event_type for e in copy.events] == [
        "alert.delivered",
        "alert.acknowledged",
        "alert.recipients_changed",
        "alert.item_status_changed",
    ]
