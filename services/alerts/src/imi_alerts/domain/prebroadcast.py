"""Before broadcast: save, edit, submit, forward to a coordinator, accept, delete
(ALR-014..020, ALR-049..055). The broadcast itself is in `broadcasting`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from .actors import Actor, CoordinatorRef
from .content import AlertContent, ContentChanges, require_complete
from .enums import ACTIVE, UNBROADCAST, UNKNOWN_MSE, AlertStatus, Notification
from .errors import Conflict, InvalidInput
from .events import AlertEvent, AlertForwardedToCoordinator, AlertStatusChanged
from .record import (
    AlertRecord,
    check_establishment,
    check_ms,
    emit,
    event_base,
    known_coordinator,
    log,
    move,
    require_aware,
    require_status,
)
from .rights import (
    require_coordinator_forwarder,
    require_final_approval_rule,
    require_handler_of,
    require_justification,
    require_may_act,
    require_may_start_new,
)

#: X-024 number generation, injected: (launching member state, now) -> unique reference number
AlertNumberSource = Callable[[str, datetime], str]


def validated(rec: AlertRecord, content: AlertContent, rule_id: str) -> AlertContent:
    recipients = tuple(check_ms(ms) for ms in content.recipient_ms)
    if len(set(recipients)) != len(recipients):
        raise InvalidInput(rule_id, "a recipient state is selected twice")
    if rec.launching_ms in recipients:
        raise InvalidInput("ALR-021", "an alert is broadcast to other states, not to its own")
    mse = content.establishment_ms
    mse = mse if mse == UNKNOWN_MSE else check_ms(mse)
    return content.model_copy(update={"recipient_ms": recipients, "establishment_ms": mse})


def _require_launching_handler(rec: AlertRecord, actor: Actor, rule_id: str, what: str) -> None:
    require_handler_of(actor, [rec.launching_authority_id], rule_id, what)


def save_draft(
    rec: AlertRecord, actor: Actor, number_source: AlertNumberSource, now: datetime
) -> list[AlertEvent]:
    """ALR-015 / ALR-049 / X-024: the first save assigns the number; status `draft`."""
    require_aware(now)
    require_may_start_new(actor)
    _require_launching_handler(rec, actor, "ALR-050", "saving the draft")
    require_status(rec, [AlertStatus.DRAFT], "ALR-015", "save a draft")
    if rec.ref_no is not None:
        return []
    ref_no = number_source(rec.launching_ms, now)
    if not ref_no:
        raise ValueError("X-024: the number source returned an empty reference number")
    rec.ref_no = ref_no
    log(rec, "draft_saved", now, actor, scope_ms=rec.launching_ms, ref_no=ref_no)
    return emit(
        rec,
        AlertStatusChanged(
            **event_base(rec, now, actor),
            old_status=None,
            new_status=AlertStatus.DRAFT,
            scope_ms=rec.launching_ms,
        ),
    )


def require_coordinator_choice_open(rec: AlertRecord) -> None:
    """ALR-017: the broadcasting coordinator is chosen in the draft; once submitted the
    alert is forwarded to another coordinator instead (`forward_to_coordinator`)."""
    if rec.status is not AlertStatus.DRAFT:
        raise InvalidInput(
            "ALR-017",
            "after submission the alert is forwarded to "
            "another coordinator instead (POST .../forward)",
        )


def select_coordinator(
    rec: AlertRecord, actor: Actor, coordinator: CoordinatorRef | None, now: datetime
) -> list[AlertEvent]:
    """ALR-014: pick the broadcasting coordinator among those linked to the authority."""
    require_aware(now)
    require_may_start_new(actor)
    _require_launching_handler(rec, actor, "ALR-050", "choosing the coordinator")
    require_status(rec, [AlertStatus.DRAFT], "ALR-050", "choose the coordinator")
    coordinator = known_coordinator(coordinator, "ALR-014")
    if coordinator.member_state != rec.launching_ms or not actor.links_to(coordinator.authority_id):
        raise InvalidInput(
            "ALR-014",
            f"{coordinator.authority_id} is not an alert "
            "coordinator linked to the launching authority",
        )
    rec.selected_coordinator = coordinator
    log(
        rec,
        "coordinator_selected",
        now,
        actor,
        scope_ms=rec.launching_ms,
        coordinator=coordinator.authority_id,
    )
    return []


def require_unbroadcast_editor(rec: AlertRecord, actor: Actor) -> None:
    """ALR-050 (draft: the launching handlers), ALR-054 (the final-approval rule)."""
    if rec.status is AlertStatus.DRAFT:
        require_may_start_new(actor)
        _require_launching_handler(rec, actor, "ALR-050", "editing the draft")
    else:
        require_may_act(actor)
        assert rec.selected_coordinator is not None
        require_final_approval_rule(
            actor, rec.selected_coordinator, rec.launching_authority_id, "ALR-054", "editing"
        )


def edit_unbroadcast(
    rec: AlertRecord, actor: Actor, changes: ContentChanges, now: datetime
) -> list[AlertEvent]:
    require_unbroadcast_editor(rec, actor)
    content = validated(rec, changes.apply_to(rec.content), "ALR-054")
    if rec.status is not AlertStatus.DRAFT:
        if not content.recipient_ms:
            raise InvalidInput("ALR-051", "a submitted alert keeps a recipient state")
        require_complete(content)
    rec.content = content
    log(
        rec,
        "edited",
        now,
        actor,
        scope_ms=rec.launching_ms,
        fields=",".join(changes.changed_fields()),
    )
    return []


def delete(rec: AlertRecord, actor: Actor, now: datetime) -> list[AlertEvent]:
    """ALR-050 (draft) / ALR-055 (unbroadcast, final-approval rule) → `deleted`."""
    require_aware(now)
    require_may_act(actor)
    if rec.status is AlertStatus.DRAFT or rec.selected_coordinator is None:
        _require_launching_handler(rec, actor, "ALR-050", "deleting the draft")
    else:  # unbroadcast; in any later status the same right, then the status refuses
        require_final_approval_rule(
            actor, rec.selected_coordinator, rec.launching_authority_id, "ALR-055", "deleting"
        )
    if rec.status in ACTIVE:
        raise Conflict("ALR-036", "a broadcast alert is withdrawn, not deleted")
    require_status(rec, [AlertStatus.DRAFT, *UNBROADCAST], "ALR-055", "delete the alert")
    return move(rec, actor, now, AlertStatus.DELETED, scope_ms=rec.launching_ms)


def submit(rec: AlertRecord, actor: Actor, now: datetime) -> list[AlertEvent]:
    """ALR-016 / ALR-051: the launching handler submits to the selected coordinator."""
    require_aware(now)
    require_may_start_new(actor)
    _require_launching_handler(rec, actor, "ALR-051", "submitting")
    require_status(rec, [AlertStatus.DRAFT], "ALR-051", "submit")
    if rec.ref_no is None:
        raise Conflict("ALR-015", "save the draft (which numbers it) before submitting")
    coordinator = rec.selected_coordinator
    if (
        coordinator is None
        or coordinator.member_state != rec.launching_ms
        or (not actor.links_to(coordinator.authority_id))
    ):
        raise InvalidInput("ALR-051", "choose an alert coordinator linked to the authority")
    if not rec.content.recipient_ms:
        raise InvalidInput("ALR-051", "select at least one recipient member state")
    require_complete(rec.content)
    check_establishment(rec, rec.content.establishment_ms, rec.content.recipient_ms, "ALR-007")
    return move(
        rec,
        actor,
        now,
        AlertStatus.SUBMITTED_FOR_BROADCAST,
        notification=Notification.SUBMITTED,
        notify=(coordinator.authority_id,),
        scope_ms=rec.launching_ms,
        coordinator_id=coordinator.authority_id,
    )


def forward_to_coordinator(
    rec: AlertRecord,
    actor: Actor,
    coordinator: CoordinatorRef | None,
    justification: str,
    now: datetime,
) -> list[AlertEvent]:
    """ALR-017 / ALR-052: to another alert coordinator of the same state (X-026)."""
    require_aware(now)
    require_may_act(actor)
    current = rec.selected_coordinator
    require_coordinator_forwarder(actor, current, "ALR-017", "forwarding the alert")
    require_status(rec, [AlertStatus.SUBMITTED_FOR_BROADCAST], "ALR-052", "forward")
    assert current is not None
    reason = require_justification(justification, "X-026", "forwarding to a coordinator")
    coordinator = known_coordinator(coordinator, "ALR-017")
    if coordinator.member_state != rec.launching_ms:
        raise InvalidInput("ALR-017", "forward only to a coordinator of the same state")
    if coordinator.authority_id == current.authority_id:
        raise InvalidInput("ALR-017", "the alert is already with this coordinator")
    rec.selected_coordinator = coordinator
    log(
        rec,
        "forwarded_to_coordinator",
        now,
        actor,
        justification=reason,
        scope_ms=rec.launching_ms,
        to=coordinator.authority_id,
    )
    return emit(
        rec,
        AlertForwardedToCoordinator(
            **event_base(rec, now, actor),
            from_coordinator_id=current.authority_id,
            to_coordinator_id=coordinator.authority_id,
            justification=reason,
            notification=Notification.SUBMITTED,
            notify_authority_ids=(coordinator.authority_id,),
            scope_ms=rec.launching_ms,
        ),
    )


def accept_for_broadcast(rec: AlertRecord, actor: Actor, now: datetime) -> list[AlertEvent]:
    """ALR-018 / ALR-053."""
    require_aware(now)
    require_may_act(actor)
    require_coordinator_forwarder(
        actor, rec.selected_coordinator, "ALR-053", "accepting the alert for broadcast"
    )
    require_status(rec, [AlertStatus.SUBMITTED_FOR_BROADCAST], "ALR-053", "accept")
    assert rec.selected_coordinator is not None
    return move(
        rec,
        actor,
        now,
        AlertStatus.AWAITING_BROADCAST,
        scope_ms=rec.launching_ms,
        coordinator_id=rec.selected_coordinator.authority_id,
    )
