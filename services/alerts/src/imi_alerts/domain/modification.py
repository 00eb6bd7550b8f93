"""Editing before broadcast and the limited changes after it (ALR-019/020, ALR-032..035,
ALR-050, ALR-054, ALR-056, ALR-061, ALR-062)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from imi_shared.participants import COMMISSION

from .actors import Actor
from .broadcasting import deliver
from .content import CORRECTABLE_AFTER_BROADCAST, ContentChanges, require_complete
from .deliveries import Deliveries
from .enums import (
    CLOSURE_PENDING,
    LIVE,
    UNBROADCAST,
    AlertStatus,
    DeliveryKind,
    Notification,
)
from .errors import Conflict, Forbidden, InvalidInput
from .events import AlertContentChanged, AlertEvent, AlertRecipientsChanged
from .prebroadcast import edit_unbroadcast, require_unbroadcast_editor
from .record import (
    AlertRecord,
    check_establishment,
    check_ms,
    emit,
    event_base,
    log,
    require_aware,
    require_status,
)
from .rights import (
    require_coordinator_forwarder,
    require_final_approval_rule,
    require_may_act,
)


def edit(
    rec: AlertRecord, deliveries: Deliveries, actor: Actor, changes: ContentChanges, now: datetime
) -> list[AlertEvent]:
    """Draft (ALR-050), unbroadcast (ALR-054, final-approval rule) or broadcast (ALR-062:
    provider data and description only, applied at once, ALR-035)."""
    require_aware(now)
    if rec.status is AlertStatus.DRAFT or rec.status in UNBROADCAST:
        return edit_unbroadcast(rec, actor, changes, now)
    _require_corrector(rec, actor)  # rights first, then the status and the input
    require_status(rec, LIVE, "ALR-062", "edit")
    return _correct(rec, deliveries, actor, changes, now)


def require_editor(rec: AlertRecord, actor: Actor) -> None:
    """Who may edit the alert in its status (X-010: checked before any input rule)."""
    if rec.status is AlertStatus.DRAFT or rec.status in UNBROADCAST:
        require_unbroadcast_editor(rec, actor)
    else:
        _require_corrector(rec, actor)


def _require_corrector(rec: AlertRecord, actor: Actor) -> None:
    """ALR-032 / ALR-034: the launching state, under the final-approval rule."""
    _require_launching_state(rec, actor, "modify the alert")
    if rec.selected_coordinator is not None:
        require_final_approval_rule(
            actor,
            rec.selected_coordinator,
            rec.launching_authority_id,
            "ALR-034",
            "changing the provider data or description",
        )


def _require_launching_state(rec: AlertRecord, actor: Actor, what: str) -> None:
    require_may_act(actor)
    if actor.member_state != rec.launching_ms:
        raise Forbidden("ALR-032", f"after broadcast only the launching state may {what}")


def _correct(
    rec: AlertRecord, deliveries: Deliveries, actor: Actor, changes: ContentChanges, now: datetime
) -> list[AlertEvent]:
    fields = changes.changed_fields()
    if not fields:
        raise InvalidInput("ALR-032", "nothing to change")
    other = set(fields) - CORRECTABLE_AFTER_BROADCAST
    if other:
        raise InvalidInput(
            "ALR-032",
            "after broadcast only the provider data and the case "
            f"description change this way, not: {', '.join(sorted(other))}",
        )
    content = changes.apply_to(rec.content)
    require_complete(content)
    rec.content = content
    deliveries.mark_acted(actor)
    log(rec, "corrected", now, actor, fields=",".join(fields))
    return emit(
        rec,
        AlertContentChanged(
            **event_base(rec, now, actor),
            changed_fields=fields,
            non_personal={
                "description": (
                    rec.content.description.model_dump() if rec.content.description else None
                ),
                "provider_non_personal": [
                    f.model_dump() for f in rec.content.non_personal_provider()
                ],
            },
            personal_data=rec.content.personal_data() if "provider" in fields else None,
        ),
    )


def change_establishment(
    rec: AlertRecord, deliveries: Deliveries, actor: Actor, establishment_ms: str, now: datetime
) -> list[AlertEvent]:
    """ALR-033 / ALR-035 / ALR-061: the broadcasting coordinator's forwarders; refused
    while a closure proposal is pending; every recipient is told."""
    require_aware(now)
    _require_launching_state(rec, actor, "change the state of establishment")
    require_coordinator_forwarder(
        actor, rec.selected_coordinator, "ALR-033", "changing the state of establishment"
    )
    if rec.status in CLOSURE_PENDING:
        raise Conflict(
            "ALR-033",
            "the state of establishment cannot change while a closure proposal is pending",
        )
    require_status(rec, LIVE, "ALR-061", "change the state of establishment")
    mse = check_establishment(rec, establishment_ms, rec.content.recipient_ms, "ALR-007")
    if mse == rec.content.establishment_ms:
        raise InvalidInput("ALR-033", f"the state of establishment is already {mse}")
    old = rec.content.establishment_ms
    rec.content = rec.content.model_copy(update={"establishment_ms": mse})
    deliveries.mark_acted(actor)
    log(rec, "establishment_changed", now, actor, old=old, new=mse)
    return emit(
        rec,
        AlertContentChanged(
            **event_base(rec, now, actor),
            changed_fields=("establishment_ms",),
            non_personal={"establishment_ms": mse, "previous_establishment_ms": old},
            notification=Notification.MSE_CHANGED,
            notify_authority_ids=deliveries.active_recipient_ids(),
        ),
    )


def add_recipient_ms(
    rec: AlertRecord,
    deliveries: Deliveries,
    actor: Actor,
    member_state: str,
    now: datetime,
    inbox_authority_ids: Sequence[str] = (),
) -> list[AlertEvent]:
    """Before broadcast: any forwarder of the selected coordinator, final approval or not
    (ALR-020, ALR-056). After broadcast: the broadcasting coordinator's forwarders; the new
    state's inbox(es) get the alert at once (ALR-033, ALR-061)."""
    require_aware(now)
    live = rec.status in LIVE
    if rec.status in (AlertStatus.DRAFT, *UNBROADCAST):
        require_may_act(actor)
    else:  # broadcast, or later: the launching state (the status refuses after that)
        _require_launching_state(rec, actor, "add a recipient state")
    require_coordinator_forwarder(
        actor,
        rec.selected_coordinator,
        "ALR-061" if live else "ALR-020",
        "adding a recipient state",
    )
    if not live:
        require_status(rec, [AlertStatus.AWAITING_BROADCAST], "ALR-056", "add a recipient state")
    ms = check_ms(member_state)
    if ms == rec.launching_ms or ms == COMMISSION:
        raise InvalidInput("ALR-021", f"{ms} cannot be a recipient state of this alert")
    if ms in rec.content.recipient_ms:
        raise InvalidInput("ALR-020", f"{ms} is already a recipient state")
    if live and not tuple(inbox_authority_ids):
        raise InvalidInput("ALR-010", f"{ms} has no incoming-alerts mailbox")
    rec.content = rec.content.model_copy(update={"recipient_ms": (*rec.content.recipient_ms, ms)})
    log(
        rec,
        "recipient_ms_added",
        now,
        actor,
        scope_ms=None if live else rec.launching_ms,
        member_state=ms,
    )
    events = emit(
        rec,
        AlertRecipientsChanged(
            **event_base(rec, now, actor),
            recipient_ms_added=(ms,),
            scope_ms=None if live else rec.launching_ms,
        ),
    )
    if live:
        deliveries.mark_acted(actor)
        events += deliver(
            rec, deliveries, ms, DeliveryKind.RECIPIENT_MS, tuple(inbox_authority_ids), now, actor
        )
    return events
