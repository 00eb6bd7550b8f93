"""Additional information, clarification requests, closure suggestions and objections:
submitted within a state, then checked and broadcast by a forwarder (ALR-004, ALR-028..031,
ALR-039, ALR-063, ALR-064, ALR-070, ALR-071)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .actors import Actor, CoordinatorRef
from .closure_proposal import ClosureProposals
from .content import Attachment, FreeText
from .deliveries import Deliveries
from .enums import ACTIVE, AdditionalInfoType, AlertStatus, ItemKind, Notification, SubItemStatus
from .errors import Forbidden, InvalidInput, OutsidePeriod
from .events import AlertEvent, AlertItemStatusChanged
from .items import AlertItem, Items
from .record import (
    AlertRecord,
    emit,
    event_base,
    known_coordinator,
    log,
    require_aware,
    require_status,
    responsible_ms,
)
from .rights import (
    require_coordinator_forwarder,
    require_editor_right,
    require_final_approval_rule,
    require_may_act,
)

_OBJECTIONS = AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS


def _item_event(
    rec: AlertRecord,
    item: AlertItem,
    actor: Actor | None,
    now: datetime,
    old: SubItemStatus | None,
    **extra,
) -> list[AlertEvent]:
    return emit(
        rec,
        AlertItemStatusChanged(
            **event_base(rec, now, actor),
            item_id=item.item_id,
            item_kind=item.kind,
            info_type=item.info_type,
            old_status=old,
            new_status=item.status,
            author_authority_id=item.author_authority_id,
            author_ms=item.author_ms,
            submitted_to_coordinator_id=(
                item.submitted_to.authority_id if item.submitted_to else None
            ),
            addressed_to_ms=item.addressed_to_ms,
            text=item.text,
            personal_data={"attachments": [a.model_dump() for a in item.attachments]},
            **extra,
        ),
    )


def _check_info_type(
    rec: AlertRecord,
    items: Items,
    proposals: ClosureProposals,
    actor: Actor,
    info_type: AdditionalInfoType,
    addressed_to_ms: str | None,
    now: datetime,
) -> str | None:
    if info_type is AdditionalInfoType.OBJECTION_TO_CLOSURE:
        if actor.member_state == responsible_ms(rec):
            raise Forbidden("ALR-031", "the state proposing closure cannot object to it")
        proposal = proposals.pending
        assert proposal is not None
        if proposal.objection_period_over(now):
            raise OutsidePeriod("ALR-031", "the objection period has ended")
    if info_type is AdditionalInfoType.CLOSURE_SUGGESTION and (
        actor.member_state == responsible_ms(rec)
    ):
        raise Forbidden(
            "ALR-039", "the responsible state proposes closure; other states suggest it"
        )
    if info_type is not AdditionalInfoType.CLARIFICATION_REQUEST:
        if addressed_to_ms is not None:
            raise InvalidInput("ALR-004", "only a clarification request is addressed")
        return None
    informed = {
        i.author_ms
        for i in items
        if i.status is SubItemStatus.BROADCAST and i.info_type is AdditionalInfoType.INFORMATION
    }
    allowed = ({rec.launching_ms} | informed) - {actor.member_state}
    if addressed_to_ms not in allowed:
        raise InvalidInput(
            "ALR-004",
            "a clarification request goes to the launching state "
            "or to a state that gave information: " + ", ".join(sorted(allowed)),
        )
    return addressed_to_ms


def submit_information(
    rec: AlertRecord,
    deliveries: Deliveries,
    items: Items,
    proposals: ClosureProposals,
    actor: Actor,
    info_type: AdditionalInfoType,
    text: FreeText,
    coordinator: CoordinatorRef | None,
    now: datetime,
    *,
    attachments: Sequence[Attachment] = (),
    addressed_to_ms: str | None = None,
) -> list[AlertEvent]:
    """ALR-028/029/063 (ALR-031/070 for objections): submit to a coordinator of one's
    state; notifies that coordinator's forwarders (N_ALR_INFO_SUBMITTED)."""
    require_aware(now)
    require_may_act(actor)  # rights first, then the status and the input
    if not (actor.is_handler or actor.is_forwarder):
        raise Forbidden(
            "ALR-029", "additional information needs the handler or forwarder right (ALR-011)"
        )
    if info_type is AdditionalInfoType.OBJECTION_TO_CLOSURE:
        require_status(rec, [_OBJECTIONS], "ALR-031", "object to closure")
    else:
        require_status(rec, ACTIVE, "ALR-028", "add information")
    deliveries.require_participant(actor, "ALR-063")
    addressed = _check_info_type(rec, items, proposals, actor, info_type, addressed_to_ms, now)
    coordinator = known_coordinator(coordinator, "ALR-029")
    if coordinator.member_state != actor.member_state:
        raise InvalidInput("ALR-029", "submit to an alert coordinator of your own state")
    item = AlertItem(
        item_id=items.new_id(rec.alert_id),
        kind=ItemKind.ADDITIONAL_INFORMATION,
        info_type=info_type,
        author_user_id=actor.user_id,
        author_authority_id=actor.authority_id,
        author_ms=actor.member_state,
        submitted_to=coordinator,
        addressed_to_ms=addressed,
        text=text,
        attachments=tuple(attachments),
        submitted_at=now,
    )
    items.append(item)
    deliveries.mark_acted(actor)
    log(
        rec,
        "information_submitted",
        now,
        actor,
        scope_ms=actor.member_state,
        item=item.item_id,
        type=info_type.value,
    )
    return _item_event(
        rec,
        item,
        actor,
        now,
        None,
        scope_ms=actor.member_state,
        notification=Notification.INFO_SUBMITTED,
        notify_authority_ids=(coordinator.authority_id,),
    )


def _require_item_editor(rec: AlertRecord, actor: Actor, item: AlertItem, what: str) -> None:
    require_may_act(actor)  # rights first, then the status of the alert and the item
    if item.submitted_to is None:
        require_editor_right(actor, None, "ALR-029", what)
    else:
        require_final_approval_rule(
            actor, item.submitted_to, item.author_authority_id, "ALR-029", what
        )
    require_status(rec, ACTIVE, "ALR-028", what)
    item.require_submitted("ALR-029")


def edit_information(
    rec: AlertRecord,
    items: Items,
    actor: Actor,
    item_id: str,
    now: datetime,
    *,
    text: FreeText | None = None,
    attachments: Sequence[Attachment] | None = None,
) -> list[AlertEvent]:
    """ALR-029: before its broadcast, under the final-approval rule."""
    require_aware(now)
    item = items.information(item_id, "ALR-029")
    _require_item_editor(rec, actor, item, "edit the item")
    if text is None and attachments is None:  # after the rights and the status
        raise InvalidInput("ALR-029", "nothing to change")
    item.edit(text, tuple(attachments) if attachments is not None else None, now)
    log(rec, "information_edited", now, actor, scope_ms=item.author_ms, item=item_id)
    return _item_event(
        rec, item, actor, now, SubItemStatus.SUBMITTED, edited=True, scope_ms=item.author_ms
    )


def delete_information(
    rec: AlertRecord, items: Items, actor: Actor, item_id: str, now: datetime
) -> list[AlertEvent]:
    """ALR-029 / ALR-005: `submitted` → `deleted`, under the final-approval rule."""
    require_aware(now)
    item = items.information(item_id, "ALR-029")
    _require_item_editor(rec, actor, item, "delete the item")
    item.mark_deleted(now)
    log(rec, "information_deleted", now, actor, scope_ms=item.author_ms, item=item_id)
    return _item_event(rec, item, actor, now, SubItemStatus.SUBMITTED, scope_ms=item.author_ms)


def broadcast_information(
    rec: AlertRecord,
    deliveries: Deliveries,
    items: Items,
    actor: Actor,
    item_id: str,
    now: datetime,
) -> list[AlertEvent]:
    """ALR-029/030/064; objections ALR-031/071: a forwarder of the coordinator it was
    submitted to broadcasts it; every taking-part authority is notified."""
    require_aware(now)
    item = items.information(item_id, "ALR-064")
    require_may_act(actor)  # rights first, then the status of the alert and the item
    require_coordinator_forwarder(
        actor,
        item.submitted_to,
        "ALR-071" if item.is_objection else "ALR-064",
        "broadcasting the item",
    )
    if item.is_objection:
        require_status(rec, [_OBJECTIONS], "ALR-071", "broadcast an objection")
    else:
        require_status(rec, ACTIVE, "ALR-064", "broadcast information")
    item.require_submitted("ALR-064")
    item.mark_broadcast(now)
    deliveries.mark_acted(actor)
    log(rec, "information_broadcast", now, actor, item=item_id)
    code = Notification.OBJECTION_BROADCAST if item.is_objection else Notification.INFO_BROADCAST
    return _item_event(
        rec,
        item,
        actor,
        now,
        SubItemStatus.SUBMITTED,
        notification=code,
        notify_authority_ids=deliveries.active_recipient_ids(),
    )
