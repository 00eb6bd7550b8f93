"""Which participant learns which event, and what each participant's copy shows (pure).

A participant learns of an alert from its own `alert.delivered` on (ALR-021, ALR-061), and of
every later event except those scoped to another participant (ALR-042: the comment phase of a
closure; pending items and withdrawals stay in their state). Its copy is `project()` of the
alert for a user of its incoming-alerts mailbox, so the copy holds exactly what that
participant's users may see (X-010, X-011); the Commission's holds no personal data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from imi_shared.participants import COMMISSION

from ..domain import (
    Actor,
    Alert,
    AlertDelivered,
    AlertEvent,
    AlertRight,
    AlertStatus,
    AlertView,
    AuthorityAlertRole,
    project,
)

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
        for participant in known:
            if event.scope_ms is None or event.scope_ms == participant:
                out.setdefault(participant, []).append(event)
    return out


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
    return project(alert, mailbox_viewer(alert, participant))
