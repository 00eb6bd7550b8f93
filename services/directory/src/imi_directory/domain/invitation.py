"""The registration invitation aggregate (DIR-046..DIR-073, DIR-142) and its status machine.

Submission in batches, with the daily limit, is in `invitation_batch.py`; the dispatch times in
`dispatch.py`. The registration code is issued on submission and is valid 30 days from the
(nightly) sending; the e-mail is sent by `notifier` from `InvitationDispatchDue`.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from imi_shared.envelope import Event
from imi_shared.errors import Conflict, Forbidden, InvalidInput
from imi_shared.participants import MemberState

from .actors import Actor
from .credentials import generate_registration_code
from .enums import InvitationRefusalReason, InvitationStatus
from .events import InvitationDispatchDue, InvitationStatusChanged
from .profile import AuthorityProfile
from .reference import LaWorkflow, LegislativeAreaCatalog
from .roles import acting_role
from .timeutil import add_months, require_aware

CODE_VALIDITY = timedelta(days=30)
REMINDER_BEFORE_EXPIRY = timedelta(days=5)
LISTED_MONTHS = {  # DIR-056
    InvitationStatus.WITHDRAWN: 3,
    InvitationStatus.AUTHORITY_VALIDATED: 3,
    InvitationStatus.VALIDATION_REFUSED: 6,
}


class InvitationTransition(NamedTuple):
    rule_id: str
    source: InvitationStatus | None
    action: str
    target: InvitationStatus | None  # None: deleted
    actor: str


I = InvitationStatus
DA, HELPDESK, SYSTEM, AUTHORITY = "coordinator_da", "commission_helpdesk", "system", "authority"
INVITATION_TRANSITIONS: tuple[InvitationTransition, ...] = (
    InvitationTransition("DIR-057", None, "create", I.DRAFT, DA),
    InvitationTransition("DIR-058", I.DRAFT, "edit", I.DRAFT, DA),
    InvitationTransition("DIR-058", I.DRAFT, "delete", None, DA),
    InvitationTransition("DIR-059", I.DRAFT, "submit_refused", I.REFUSED, DA),
    InvitationTransition("DIR-060", I.REFUSED, "edit", I.REFUSED, DA),
    InvitationTransition("DIR-060", I.REFUSED, "submit_accepted", I.SUBMITTED, DA),
    InvitationTransition("DIR-060", I.REFUSED, "submit_refused", I.REFUSED, DA),
    InvitationTransition("DIR-061", I.DRAFT, "submit_accepted", I.SUBMITTED, DA),
    InvitationTransition("DIR-062", I.DRAFT, "submit_over_limit", I.BLOCKED, SYSTEM),
    InvitationTransition("DIR-062", I.REFUSED, "submit_over_limit", I.BLOCKED, SYSTEM),
    InvitationTransition("DIR-062", I.EXPIRED, "submit_over_limit", I.BLOCKED, SYSTEM),
    InvitationTransition("DIR-053", I.SUBMITTED, "block_over_limit", I.BLOCKED, SYSTEM),
    InvitationTransition("DIR-063", I.SUBMITTED, "block", I.BLOCKED, HELPDESK),
    InvitationTransition("DIR-064", I.BLOCKED, "unblock", I.SENT_AWAITING_REGISTRATION, HELPDESK),
    InvitationTransition("DIR-065", I.SUBMITTED, "dispatch", I.SENT_AWAITING_REGISTRATION, SYSTEM),
    InvitationTransition(
        "DIR-066", I.SENT_AWAITING_REGISTRATION, "remind", I.SENT_AWAITING_REGISTRATION, SYSTEM
    ),
    InvitationTransition("DIR-067", I.SENT_AWAITING_REGISTRATION, "expire", I.EXPIRED, SYSTEM),
    InvitationTransition("DIR-068", I.EXPIRED, "submit_accepted", I.SUBMITTED, DA),
    InvitationTransition("DIR-068", I.EXPIRED, "submit_refused", I.REFUSED, DA),
    InvitationTransition("DIR-069", I.SENT_AWAITING_REGISTRATION, "withdraw", I.WITHDRAWN, DA),
    InvitationTransition("DIR-069", I.EXPIRED, "withdraw", I.WITHDRAWN, DA),
    InvitationTransition(
        "DIR-070",
        I.SENT_AWAITING_REGISTRATION,
        "complete_registration",
        I.REGISTERED_AWAITING_VALIDATION,
        AUTHORITY,
    ),
    InvitationTransition(
        "DIR-071", I.REGISTERED_AWAITING_VALIDATION, "validate", I.AUTHORITY_VALIDATED, DA
    ),
    InvitationTransition(
        "DIR-072", I.REGISTERED_AWAITING_VALIDATION, "refuse_validation", I.VALIDATION_REFUSED, DA
    ),
    InvitationTransition("DIR-101", I.VALIDATION_REFUSED, "validate", I.AUTHORITY_VALIDATED, DA),
    InvitationTransition("DIR-056", I.WITHDRAWN, "delete", None, DA),
)


def find_invitation_transition(
    status: InvitationStatus | None, action: str
) -> InvitationTransition:
    rows = [r for r in INVITATION_TRANSITIONS if r.action == action]
    for row in rows:
        if row.source == status:
            return row
    allowed = ", ".join(sorted({str(r.source) for r in rows}))
    raise Conflict(
        rows[0].rule_id, f"cannot {action} an invitation that is {status} (only: {allowed})"
    )


class RegistrationCodeRejected(Forbidden):
    """DIR-073: the message tells the user to ask for a new invitation."""

    def __init__(self, why: str) -> None:
        super().__init__(
            "DIR-073", f"{why}; please ask the coordinator who invited you for a new invitation"
        )


def check_coordinated_pairs(
    coordinator: AuthorityProfile, pairs: Iterable[LaWorkflow], catalog: LegislativeAreaCatalog
) -> None:
    """DIR-046: only LAs and workflows the coordinator coordinates (X-004: pair exists)."""
    for pair in pairs:
        catalog.check_pair(pair.la_code, pair.workflow)
        role = acting_role(coordinator, pair.la_code)
        if role is None or not role.is_coordinator:
            raise Forbidden("DIR-046", f"the coordinator does not coordinate {pair.la_code!r}")


def _check_name(authority_name: str) -> None:
    """DIR-047: a free authority name, shown only in the invitation list."""
    if not authority_name.strip():
        raise InvalidInput("DIR-047", "an invitation needs an authority name")


class Invitation(BaseModel):
    """DIR-142."""

    model_config = ConfigDict(validate_assignment=True)

    id: str
    coordinator_id: str
    member_state: MemberState
    authority_name: str = Field(min_length=1)
    email: str
    la_workflows: list[LaWorkflow] = Field(default_factory=list)
    personal_message: str = ""
    status: InvitationStatus
    refusal_reason: InvitationRefusalReason | None = None
    registration_code: str | None = None
    code_used: bool = False
    submitted_at: AwareDatetime | None = None
    dispatch_at: AwareDatetime | None = None
    sent_at: AwareDatetime | None = None
    code_expires_at: AwareDatetime | None = None
    created_at: AwareDatetime
    status_changed_at: AwareDatetime
    registered_authority_id: str | None = None

    @classmethod
    def create(
        cls,
        *,
        invitation_id: str,
        actor: Actor,
        coordinator: AuthorityProfile,
        authority_name: str,
        email: str,
        now: datetime,
        catalog: LegislativeAreaCatalog,
        la_workflows: Iterable[LaWorkflow] = (),
        personal_message: str = "",
    ) -> tuple[Invitation, list[Event]]:
        """DIR-046 / DIR-047 / DIR-057: a coordinator DA creates a draft. The e-mail format is
        checked on submission (DIR-051), so bulk uploads keep their rows as drafts."""
        require_aware(now)
        if not actor.is_da_of(coordinator.id):
            raise Forbidden("DIR-046", "only coordinator data administrators invite")
        pairs = list(dict.fromkeys(la_workflows))
        check_coordinated_pairs(coordinator, pairs, catalog)
        _check_name(authority_name)
        invitation = cls(
            id=invitation_id,
            coordinator_id=coordinator.id,
            member_state=coordinator.member_state,
            authority_name=authority_name,
            email=email.strip(),
            la_workflows=pairs,
            personal_message=personal_message,
            status=I.DRAFT,
            created_at=now,
            status_changed_at=now,
        )
        return invitation, [invitation._event(None, I.DRAFT, now, actor)]

    # ------------------------------------------------------------------ coordinator actions

    def edit(
        self,
        actor: Actor,
        coordinator: AuthorityProfile,
        now: datetime,
        *,
        catalog: LegislativeAreaCatalog,
        authority_name: str | None = None,
        email: str | None = None,
        la_workflows: Iterable[LaWorkflow] | None = None,
        personal_message: str | None = None,
    ) -> list[Event]:
        """DIR-048 / DIR-058 / DIR-060: drafts and refused invitations are editable."""
        find_invitation_transition(self.status, "edit")
        self._require_coordinator_da(actor, coordinator, "DIR-058")
        if la_workflows is not None:
            pairs = list(dict.fromkeys(la_workflows))
            check_coordinated_pairs(coordinator, pairs, catalog)
            self.la_workflows = pairs
        if authority_name is not None:
            _check_name(authority_name)
            self.authority_name = authority_name
        if email is not None:
            self.email = email.strip()
        if personal_message is not None:
            self.personal_message = personal_message
        return []

    def delete(self, actor: Actor, now: datetime) -> list[Event]:
        """DIR-058 (draft) / DIR-056 (withdrawn, before the automatic deletion)."""
        row = find_invitation_transition(self.status, "delete")
        self._require_da(actor, row.rule_id)
        return [self._event(self.status, None, now, actor)]

    def withdraw(self, actor: Actor, now: datetime) -> list[Event]:
        """DIR-069: the code is invalidated."""
        row = find_invitation_transition(self.status, "withdraw")
        self._require_da(actor, row.rule_id)
        return [self._move(I.WITHDRAWN, now, actor)]

    def validate(self, now: datetime, actor: Actor | None = None) -> list[Event]:
        """DIR-071 (and DIR-101: a refused registration validated within 6 months). Driven by
        the authority's validation, whose permission check applies."""
        find_invitation_transition(self.status, "validate")
        return [self._move(I.AUTHORITY_VALIDATED, now, actor)]

    def refuse_validation(self, now: datetime, actor: Actor | None = None) -> list[Event]:
        """DIR-072, driven by the authority's refusal (DIR-080)."""
        find_invitation_transition(self.status, "refuse_validation")
        return [self._move(I.VALIDATION_REFUSED, now, actor)]

    # ------------------------------------------------------------------ helpdesk

    def block(self, actor: Actor, now: datetime) -> list[Event]:
        """DIR-054 / DIR-063: on the coordinator's request, only while `submitted`."""
        if not actor.is_helpdesk:
            raise Forbidden("DIR-054", "only the Commission helpdesk blocks invitations")
        try:
            find_invitation_transition(self.status, "block")
        except Conflict as exc:
            raise Conflict("DIR-054", exc.message) from exc
        return [self._move(I.BLOCKED, now, actor, reason="blocked_on_request")]

    def unblock(self, actor: Actor, now: datetime, *, dispatch_at: datetime) -> list[Event]:
        """DIR-064: once the coordinator confirmed, the helpdesk unblocks; the invitation is
        `sent_awaiting_registration` and goes out in the nightly run `dispatch_at`
        (see `dispatch.next_nightly_run`)."""
        if not actor.is_helpdesk:
            raise Forbidden("DIR-064", "only the Commission helpdesk unblocks invitations")
        find_invitation_transition(self.status, "unblock")
        self._schedule(dispatch_at)
        self.sent_at = dispatch_at
        return [self._move(I.SENT_AWAITING_REGISTRATION, now, actor), self._dispatch_event()]

    # ------------------------------------------------------------------ system

    def dispatch(self, now: datetime) -> list[Event]:
        """DIR-065: the nightly run marks submitted invitations whose time has come as sent."""
        find_invitation_transition(self.status, "dispatch")
        if self.dispatch_at is None or now < self.dispatch_at:
            raise Conflict("DIR-065", f"not to be sent before {self.dispatch_at}")
        self.sent_at = self.dispatch_at
        return [self._move(I.SENT_AWAITING_REGISTRATION, now, Actor.system())]

    @property
    def reminder_due_at(self) -> datetime | None:
        """DIR-055 / DIR-066: 5 days before the code expires."""
        return self.code_expires_at - REMINDER_BEFORE_EXPIRY if self.code_expires_at else None

    def reminder_due(self, now: datetime) -> bool:
        """DIR-066: the reminder is due (status unchanged) — sent by `notifier`."""
        return (
            self.status is I.SENT_AWAITING_REGISTRATION
            and self.reminder_due_at is not None
            and self.reminder_due_at <= now < self.code_expires_at
        )

    def expire(self, now: datetime) -> list[Event]:
        """DIR-067: 30 days after sending without registration."""
        find_invitation_transition(self.status, "expire")
        if self.code_expires_at is None or now < self.code_expires_at:
            raise Conflict("DIR-067", f"the code is valid until {self.code_expires_at}")
        return [self._move(I.EXPIRED, now, Actor.system())]

    # ------------------------------------------------------------------ self-registration

    def check_code(self, code: str, now: datetime) -> None:
        """DIR-073: refuse a wrong, expired, withdrawn or already used code."""
        require_aware(now)
        if not self.registration_code or code != self.registration_code:
            raise RegistrationCodeRejected("the registration code is not valid")
        if self.status is I.WITHDRAWN:
            raise RegistrationCodeRejected("the invitation was withdrawn")
        if self.code_used:
            raise RegistrationCodeRejected("the registration code was already used")
        if self.status is I.EXPIRED or (self.code_expires_at and now >= self.code_expires_at):
            raise RegistrationCodeRejected("the registration code has expired")
        if self.status is not I.SENT_AWAITING_REGISTRATION:
            raise RegistrationCodeRejected("the invitation is not open for registration")

    def complete_registration(self, code: str, authority_id: str, now: datetime) -> list[Event]:
        """DIR-070 / DIR-076: single use — the code cannot serve again."""
        self.check_code(code, now)
        find_invitation_transition(self.status, "complete_registration")
        self.code_used = True
        self.registered_authority_id = authority_id
        return [self._move(I.REGISTERED_AWAITING_VALIDATION, now, Actor.self_registrant())]

    # ------------------------------------------------------------------ retention

    @property
    def listed_until(self) -> datetime | None:
        """DIR-056: withdrawn and validated invitations stay listed 3 months; those whose
        validation was refused are deleted after 6 months."""
        months = LISTED_MONTHS.get(self.status)
        return add_months(self.status_changed_at, months) if months else None

    def is_listed(self, now: datetime) -> bool:
        return self.listed_until is None or now < self.listed_until

    # ------------------------------------------------------------------ used by batches

    def apply_submission(
        self,
        action: str,
        now: datetime,
        actor: Actor,
        *,
        dispatch_at: datetime | None = None,
        rng: random.Random | None = None,
        refusal: InvitationRefusalReason | None = None,
    ) -> list[Event]:
        row = find_invitation_transition(self.status, action)
        if row.target is I.REFUSED:
            self.refusal_reason = refusal
            return [self._move(I.REFUSED, now, actor)]
        self.refusal_reason = None
        self.submitted_at = now
        self.code_used, self.sent_at = False, None
        if rng is None:
            raise ValueError("a random generator is needed to draw the registration code")
        self.registration_code = generate_registration_code(rng)
        if row.target is I.BLOCKED:
            self.dispatch_at = self.code_expires_at = None
            return [self._move(I.BLOCKED, now, actor, reason="daily_limit_exceeded")]
        assert dispatch_at is not None
        self._schedule(dispatch_at)
        return [self._move(I.SUBMITTED, now, actor), self._dispatch_event()]

    def block_over_limit(self, now: datetime) -> list[Event]:
        find_invitation_transition(self.status, "block_over_limit")
        return [self._move(I.BLOCKED, now, Actor.system(), reason="daily_limit_exceeded")]

    # ------------------------------------------------------------------ helpers

    def _schedule(self, dispatch_at: datetime) -> None:
        self.dispatch_at = dispatch_at
        self.code_expires_at = dispatch_at + CODE_VALIDITY

    def _require_da(self, actor: Actor, rule_id: str) -> None:
        if not actor.is_da_of(self.coordinator_id):
            raise Forbidden(rule_id, "only the inviting coordinator's DAs may do this")

    def _require_coordinator_da(
        self, actor: Actor, coordinator: AuthorityProfile, rule_id: str
    ) -> None:
        if coordinator.id != self.coordinator_id:
            raise Forbidden(rule_id, "this is another coordinator's invitation")
        self._require_da(actor, rule_id)

    def _move(
        self,
        new: InvitationStatus,
        now: datetime,
        actor: Actor | None,
        *,
        reason: str | None = None,
    ) -> InvitationStatusChanged:
        require_aware(now)
        old, self.status, self.status_changed_at = self.status, new, now
        return self._event(old, new, now, actor, reason=reason)

    def _event(
        self,
        old: InvitationStatus | None,
        new: InvitationStatus | None,
        now: datetime,
        actor: Actor | None,
        *,
        reason: str | None = None,
    ) -> InvitationStatusChanged:
        return InvitationStatusChanged(
            invitation_id=self.id,
            coordinator_id=self.coordinator_id,
            member_state=self.member_state,
            old_status=old,
            new_status=new,
            refusal_reason=self.refusal_reason if new is I.REFUSED else None,
            reason=reason,
            registered_authority_id=self.registered_authority_id,
            changed_at=now,
            actor_user_id=actor.user_id if actor else None,
        )

    def _dispatch_event(self) -> InvitationDispatchDue:
        assert self.dispatch_at and self.code_expires_at and self.registration_code
        return InvitationDispatchDue(
            invitation_id=self.id,
            coordinator_id=self.coordinator_id,
            member_state=self.member_state,
            email=self.email,
            authority_name=self.authority_name,
            personal_message=self.personal_message,
            la_workflows=tuple(self.la_workflows),
            registration_code=self.registration_code,
            dispatch_at=self.dispatch_at,
            code_expires_at=self.code_expires_at,
            reminder_due_at=self.code_expires_at - REMINDER_BEFORE_EXPIRY,
        )
