"""Editing before broadcast and the limited changes after it (ALR-019/020, ALR-032..035,
ALR-050, ALR-054, ALR-056, ALR-061, ALR-062)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from imi_shared.participants import COMMISSION

from .actors import Actor
from .broadcasting import BroadcastCommands
from .content import CORRECTABLE_AFTER_BROADCAST, ContentChanges, require_complete
from .enums import (
    CLOSURE_PENDING,
    LIVE,
    UNBROADCAST,
    AlertStatus,
    DeliveryKind,
    Notification,
)
from .errors import Forbidden, InvalidInput, InvalidState
from .events import AlertContentChanged, AlertEvent, AlertRecipientsChanged
from .rights import require_final_approval_rule, require_forwarder_of, require_may_act
from .state import require_aware


class ModificationCommands(BroadcastCommands):
    def edit(self, actor: Actor, changes: ContentChanges, now: datetime) -> list[AlertEvent]:
        """Draft (ALR-050), unbroadcast (ALR-054, final-approval rule) or broadcast (ALR-062:
        provider data and description only, applied at once, ALR-035)."""
        require_aware(now)
        if self.status is AlertStatus.DRAFT or self.status in UNBROADCAST:
            return self._edit_unbroadcast(actor, changes, now)
        self._require_status(LIVE, "ALR-062", "edit")
        return self._correct(actor, changes, now)

    def _require_launching_state(self, actor: Actor, what: str) -> None:
        require_may_act(actor)
        if actor.member_state != self.launching_ms:
            raise Forbidden("ALR-032", f"after broadcast only the launching state may {what}")

    def _correct(self, actor: Actor, changes: ContentChanges, now: datetime) -> list[AlertEvent]:
        self._require_launching_state(actor, "modify the alert")
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
        assert self.selected_coordinator is not None
        require_final_approval_rule(
            actor,
            self.selected_coordinator,
            self.launching_authority_id,
            "ALR-034",
            "changing the provider data or description",
        )
        content = changes.apply_to(self.content)
        require_complete(content)
        self.content = content
        self._mark_acted(actor)
        self._log("corrected", now, actor, fields=",".join(fields))
        return self._emit(
            AlertContentChanged(
                **self._base(now, actor),
                changed_fields=fields,
                non_personal={
                    "description": (
                        self.content.description.model_dump() if self.content.description else None
                    ),
                    "provider_non_personal": [
                        f.model_dump() for f in self.content.non_personal_provider()
                    ],
                },
                personal_data=self.content.personal_data() if "provider" in fields else None,
            )
        )

    def change_establishment(
        self, actor: Actor, establishment_ms: str, now: datetime
    ) -> list[AlertEvent]:
        """ALR-033 / ALR-035 / ALR-061: the broadcasting coordinator's forwarders; refused
        while a closure proposal is pending; every recipient is told."""
        require_aware(now)
        if self.status in CLOSURE_PENDING:
            raise InvalidState(
                "ALR-033",
                "the state of establishment cannot change while a closure proposal is pending",
            )
        self._require_status(LIVE, "ALR-061", "change the state of establishment")
        self._require_launching_state(actor, "change the state of establishment")
        assert self.selected_coordinator is not None
        require_forwarder_of(
            actor,
            self.selected_coordinator.authority_id,
            "ALR-033",
            "changing the state of establishment",
        )
        mse = self._check_establishment(establishment_ms, self.content.recipient_ms, "ALR-007")
        if mse == self.content.establishment_ms:
            raise InvalidInput("ALR-033", f"the state of establishment is already {mse}")
        old = self.content.establishment_ms
        self.content = self.content.model_copy(update={"establishment_ms": mse})
        self._mark_acted(actor)
        self._log("establishment_changed", now, actor, old=old, new=mse)
        return self._emit(
            AlertContentChanged(
                **self._base(now, actor),
                changed_fields=("establishment_ms",),
                non_personal={"establishment_ms": mse, "previous_establishment_ms": old},
                notification=Notification.MSE_CHANGED,
                notify_authority_ids=self.active_recipient_ids(),
            )
        )

    def add_recipient_ms(
        self,
        actor: Actor,
        member_state: str,
        now: datetime,
        inbox_authority_ids: Sequence[str] = (),
    ) -> list[AlertEvent]:
        """Before broadcast: any forwarder of the selected coordinator, final approval or not
        (ALR-020, ALR-056). After broadcast: the broadcasting coordinator's forwarders; the new
        state's inbox(es) get the alert at once (ALR-033, ALR-061)."""
        require_aware(now)
        live = self.status in LIVE
        if not live:
            self._require_status(
                [AlertStatus.AWAITING_BROADCAST], "ALR-056", "add a recipient state"
            )
            require_may_act(actor)
        else:
            self._require_launching_state(actor, "add a recipient state")
        assert self.selected_coordinator is not None
        require_forwarder_of(
            actor,
            self.selected_coordinator.authority_id,
            "ALR-061" if live else "ALR-020",
            "adding a recipient state",
        )
        ms = self._check_ms(member_state)
        if ms == self.launching_ms or ms == COMMISSION:
            raise InvalidInput("ALR-021", f"{ms} cannot be a recipient state of this alert")
        if ms in self.content.recipient_ms:
            raise InvalidInput("ALR-020", f"{ms} is already a recipient state")
        if live and not tuple(inbox_authority_ids):
            raise InvalidInput("ALR-010", f"{ms} has no incoming-alerts mailbox")
        self.content = self.content.model_copy(
            update={"recipient_ms": (*self.content.recipient_ms, ms)}
        )
        self._log(
            "recipient_ms_added",
            now,
            actor,
            scope_ms=None if live else self.launching_ms,
            member_state=ms,
        )
        events = self._emit(
            AlertRecipientsChanged(
                **self._base(now, actor),
                recipient_ms_added=(ms,),
                scope_ms=None if live else self.launching_ms,
            )
        )
        if live:
            self._mark_acted(actor)
            events += self._deliver(
                ms, DeliveryKind.RECIPIENT_MS, tuple(inbox_authority_ids), now, actor
            )
        return events
