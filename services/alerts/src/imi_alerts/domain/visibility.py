"""What one viewer may see of an alert (X-010, X-011, X-014, ALR-003, ALR-026, ALR-038,
ALR-042, ALR-048, ALR-077..079). Every read API, list, report and print uses `project`.

- Participating users (any alert right) of a taking-part authority: everything, PD included.
- The Commission: non-personal content of broadcast alerts, never PD or attachments.
- `closed`, `withdrawn` or PD-locked alerts: the reduced view only (overview without PD,
  recipient list, event history), for everyone.
- A removed recipient: the reduced view as it stood when it was removed, nothing later.
- Anybody else: no access.
"""

from __future__ import annotations

from datetime import datetime

from .actors import Actor
from .alert import Alert
from .delivery import Recipient
from .enums import AFTER_BROADCAST, REDUCED, UNBROADCAST, AlertStatus, ItemKind, SubItemStatus
from .errors import AlertUnknown, NoAccess
from .history import HistoryEntry
from .items import AlertItem
from .views import (
    Access,
    AlertOverview,
    AlertView,
    ClosureView,
    ItemView,
    PersonalDataView,
    WithdrawalView,
)


def access_of(alert: Alert, viewer: Actor) -> tuple[Access, Recipient | None]:
    """Decide the viewer's access, or raise `NoAccess` naming the rule."""
    reduced = alert.status in REDUCED or alert.pd_locked
    if viewer.is_commission:
        if alert.status not in AFTER_BROADCAST:
            raise NoAccess("ALR-079", "the Commission sees an alert once it is broadcast")
        return (Access.REDUCED if reduced else Access.NON_PERSONAL), None
    if not viewer.can_read:
        raise NoAccess("ALR-011", "reading an alert needs an alert user right")
    if alert.status is AlertStatus.DELETED:
        raise NoAccess("ALR-050", "the alert was deleted before broadcast")
    if alert.status is AlertStatus.DRAFT or alert.status in UNBROADCAST:
        allowed = {alert.launching_authority_id}
        if alert.status in UNBROADCAST and alert.selected_coordinator is not None:
            allowed.add(alert.selected_coordinator.authority_id)
        if viewer.authority_id in allowed:
            return Access.FULL, None
        raise NoAccess(
            "X-010",
            "before broadcast only the launching authority and the selected "
            "coordinator see the alert",
        )
    delivery = alert.deliveries.get(viewer.member_state)
    if viewer.authority_id in alert.active_recipient_ids(viewer.member_state) or (
        viewer.authority_id in alert.involved_coordinator_ids()
    ):
        return (Access.REDUCED if reduced else Access.FULL), None
    removed = delivery.last_removal(viewer.authority_id) if delivery else None
    if removed is not None:
        return Access.REMOVED, removed
    raise NoAccess("X-010", f"{viewer.authority_id} does not take part in this alert")


def overview(alert: Alert, status: str) -> AlertOverview:
    c = alert.content
    return AlertOverview(
        ref_no=alert.ref_no,
        status=status,
        service_activity_code=c.service_activity_code,
        establishment_ms=c.establishment_ms,
        launching_authority_id=alert.launching_authority_id,
        launching_ms=alert.launching_ms,
        broadcasting_coordinator_id=(
            alert.selected_coordinator.authority_id if alert.selected_coordinator else None
        ),
        recipient_ms=c.recipient_ms,
        broadcast_at=alert.broadcast_at,
        closed_at=alert.closed_at,
        withdrawn_at=alert.withdrawn_at,
        provider_non_personal=c.non_personal_provider(),
    )


def _item_view(item: AlertItem, with_pd: bool) -> ItemView:
    return ItemView(
        item_id=item.item_id,
        kind=item.kind,
        info_type=item.info_type,
        status=item.status,
        author_authority_id=item.author_authority_id,
        author_ms=item.author_ms,
        addressed_to_ms=item.addressed_to_ms,
        text=item.text,
        submitted_at=item.submitted_at,
        broadcast_at=item.broadcast_at,
        attachments=item.attachments if with_pd else None,
    )


def _recipients(alert: Alert, until: datetime | None = None) -> tuple[Recipient, ...]:
    return tuple(
        r
        for d in alert.deliveries.values()
        for r in d.recipients
        if until is None or r.added_at <= until
    )


def _history(
    alert: Alert, participant: str, until: datetime | None = None
) -> tuple[HistoryEntry, ...]:
    return tuple(
        e for e in alert.history if e.visible_to(participant) and (until is None or e.at <= until)
    )


def project(alert: Alert, viewer: Actor) -> AlertView:
    """The view (and the printable report, X-014 / ALR-078) of one alert for one viewer."""
    access, removal = access_of(alert, viewer)
    ms = viewer.member_state
    if access is Access.REMOVED:
        assert removal is not None and removal.removed_at is not None
        return AlertView(
            alert_id=alert.alert_id,
            access=access,
            overview=overview(alert, removal.status_at_removal or AlertStatus.BROADCAST.value),
            recipients=_recipients(alert, removal.removed_at),
            history=_history(alert, ms, removal.removed_at),
        )
    status = alert.visible_status(ms)
    if access is Access.REDUCED:
        return AlertView(
            alert_id=alert.alert_id,
            access=access,
            overview=overview(alert, status),
            recipients=_recipients(alert),
            history=_history(alert, ms),
        )
    with_pd = access is Access.FULL
    c = alert.content
    items = tuple(
        _item_view(i, with_pd)
        for i in alert.items
        if i.kind is ItemKind.ADDITIONAL_INFORMATION
        and (
            i.status is SubItemStatus.BROADCAST
            or (i.status is SubItemStatus.SUBMITTED and i.author_ms == ms)
        )
    )
    return AlertView(
        alert_id=alert.alert_id,
        access=access,
        overview=overview(alert, status),
        description=c.description,
        suggested_recipients=c.suggested_recipients,
        personal_data=PersonalDataView(
            provider=tuple(f for f in c.provider if f.personal_data),
            attachments=c.attachments,
        )
        if with_pd
        else None,
        recipients=_recipients(alert),
        items=items,
        closure_proposal=_closure_view(alert, ms, with_pd),
        withdrawal=_withdrawal_view(alert, ms),
        history=_history(alert, ms),
    )


def _closure_view(alert: Alert, ms: str, with_pd: bool) -> ClosureView | None:
    """ALR-042: before its broadcast the proposal and comments stay inside the responsible
    state; afterwards the others see it with the comments chosen for broadcast (ALR-045)."""
    if not alert.closure_proposals:
        return None
    p = alert.closure_proposals[-1]
    inside = ms == p.responsible_ms
    if not inside and p.broadcast_at is None:
        return None
    comments = tuple(
        _item_view(i, with_pd)
        for i in alert.items
        if i.kind is ItemKind.COMMENT
        and i.closure_proposal_id == p.proposal_id
        and (inside or i.included_in_broadcast)
    )
    return ClosureView(
        proposal_id=p.proposal_id,
        status=p.status,
        text=p.text,
        proposer_authority_id=p.proposer_authority_id,
        closure_coordinator_id=p.closure_coordinator.authority_id,
        comment_period_ends_at=p.comment_period_ends_at,
        objection_period_ends_at=p.objection_period_ends_at,
        objection_period_ended=p.objection_period_ended,
        comments=comments,
    )


def _withdrawal_view(alert: Alert, ms: str) -> WithdrawalView | None:
    if not alert.withdrawals:
        return None
    w = alert.withdrawals[-1]
    if ms != alert.launching_ms and w.status is not SubItemStatus.BROADCAST:
        return None
    return WithdrawalView(
        status=w.status,
        justification=w.justification,
        submitted_at=w.submitted_at,
        broadcast_at=w.broadcast_at,
    )


def list_row(alert: Alert, viewer: Actor) -> AlertOverview:
    """ALR-077: one row of the viewer's alert list (number, activity, MSE, launching
    authority, status as visible to its state, broadcast date), only for alerts it may see."""
    access, removal = access_of(alert, viewer)
    if access is Access.REMOVED:
        assert removal is not None
        return overview(alert, removal.status_at_removal or AlertStatus.BROADCAST.value)
    return overview(alert, alert.visible_status(viewer.member_state))


def can_view(alert: Alert, viewer: Actor) -> bool:
    try:
        access_of(alert, viewer)
    except NoAccess:
        return False
    return True


def require_visible(alert: Alert, viewer: Actor) -> None:
    """X-010 / ALR-080: rights first -- an alert the viewer may not see is answered as absent."""
    if not can_view(alert, viewer):
        raise AlertUnknown()
