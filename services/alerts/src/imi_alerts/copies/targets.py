"""Which participant learns which event, and what each participant's copy shows (pure).

A participant learns of an alert from its own `alert.delivered` on (ALR-021, ALR-061), and of
every later event except those scoped to another participant (ALR-042: the comment phase of a
closure; pending items and withdrawals stay in their state) and those of another state's own
mailbox work (issue 10): an acknowledgement (ALR-003: a recipient state's status is shown to its
inbox; ALR-022, ALR-058) and the forwarding or removal of recipients within a state (ALR-023..026,
ALR-059, ALR-060) reach the origin (which holds the alert) and that state only. Its copy is
`project()` of the alert for a user of its incoming-alerts mailbox, so the copy holds exactly
what that participant's users may see (X-010, X-011); the Commission's holds no personal data.
By the same rule a copy lists its own state's recipients only (the recipient states are in the
overview), and no other state's delivery, acknowledgement, forwarding or removal in its
history: a broadcast copy stays a few KB whatever the number of recipients.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from imi_shared.participants import COMMISSION

from ..domain import (
    Actor,
    Alert,
    AlertAcknowledged,
    AlertDelivered,
    AlertEvent,
    AlertRecipientsChanged,
    AlertRight,
    AlertStatus,
    AlertView,
    AuthorityAlertRole,
    project,
)
from ..domain.history import HistoryEntry

#: history actions of a state's own mailbox work, known to the origin and that state only
MAILBOX_ACTIONS = ("acknowledged", "forwarded", "recipient_removed")

_HIDDEN_FROM_OTHERS = (
    AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS,
    AlertStatus.CLOSURE_PROPOSAL_AWAITING_BROADCAST,
)


def events_by_participant(
    events: Sequence[AlertEvent], known_before: Iterable[str]
) -> dict[str, list[AlertEvent]]:
    """The events of one command each participant may learn, in order."""
    known = list(dict.fromkeys(known_before))
    out: dict[str, list[AlertEvent]] = {}
    for event in events:
        if isinstance(event, AlertDelivered):
            if event.recipient not in known:
                known.append(event.recipient)
            out.setdefault(event.recipient, []).append(event)
            continue
        only = mailbox_state(event)
        for participant in known:
            if only is not None and participant != only:
                continue  # another state's mailbox work (ALR-003, ALR-023..026)
            if event.scope_ms is None or event.scope_ms == participant:
                out.setdefault(participant, []).append(event)
    return out


def mailbox_state(event: AlertEvent) -> str | None:
    """The state whose own mailbox work `event` is (its copy alone learns it), or None."""
    if isinstance(event, AlertAcknowledged):
        return event.member_state
    if isinstance(event, AlertRecipientsChanged) and not event.recipient_ms_added:
        return event.member_state
    return None


def in_copy_history(entry: HistoryEntry, participant: str) -> bool:
    """Whether `participant`'s copy shows a history entry (ALR-042 scope; ALR-003, ALR-026):
    of the broadcast, its own delivery only (the overview lists the recipient states)."""
    if not entry.visible_to(participant):
        return False
    if entry.action == "delivered":
        return dict(entry.details).get("to") == participant
    return entry.action not in MAILBOX_ACTIONS or entry.member_state == participant


def status_known_to(alert: Alert, participant: str) -> str:
    """The global status as `participant` may know it: ALR-042 hides the comment phase."""
    if alert.status in _HIDDEN_FROM_OTHERS and participant != alert.responsible_ms:
        return AlertStatus.BROADCAST.value
    return alert.status.value


def mailbox_viewer(alert: Alert, participant: str) -> Actor:
    """A viewer standing for `participant`'s users: a user of its incoming-alerts mailbox."""
    if participant == COMMISSION:
        return Actor(
            user_id="system",
            authority_id="EU-COMMISSION",
            member_state=COMMISSION,
            rights=frozenset({AlertRight.ALERT_VIEWER}),
        )
    delivery = alert.deliveries[participant]
    return Actor(
        user_id="system",
        authority_id=delivery.inbox_authority_ids[0],
        member_state=participant,
        rights=frozenset({AlertRight.ALERT_VIEWER}),
        authority_roles=frozenset(
            {AuthorityAlertRole.ALERT_COORDINATOR, AuthorityAlertRole.ALERT_INBOX}
        ),
    )


def participant_view(alert: Alert, participant: str) -> AlertView:
    """The copy's view: its users' projection and its history (see above). Its own recipients
    are its delivery's, which the copy holds apart (`visibility.visible_view` lists them).

    Other states' recipients are another state's mailbox work (ALR-003, ALR-023..026): a copy
    does not follow them while the alert runs, which keeps an acknowledgement or a forward a
    change to the origin and that state only (issue 10). Once the alert is closed, every user
    sees "la liste des destinataires" (manual 6.3.4, ALR-048): the closing whole copy carries
    the other states' recipients, once."""
    view = project(alert, mailbox_viewer(alert, participant))
    others: tuple = ()
    if alert.status is AlertStatus.CLOSED:
        others = tuple(r for r in view.recipients if r.member_state != participant)
    return view.model_copy(
        update={
            "recipients": others,
            "history": tuple(h for h in view.history if in_copy_history(h, participant)),
        }
    )
