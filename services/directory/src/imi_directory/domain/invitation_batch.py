"""Invitations handled in groups (DIR-049..DIR-053, DIR-061, DIR-062, DIR-144): bulk drafts
from the spreadsheet rows, bulk edit, and submission with the immediate validation report and
the daily limit of 100.

[INFERRED] The limit counts the invitations one coordinator submits on one Brussels calendar
day (the manual: "vous ... un aussi grand nombre d'invitations"); once exceeded, that day's
invitations not yet sent are all `blocked`, and so is every later submission of the day.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from imi_shared.envelope import Event
from imi_shared.errors import Conflict, Forbidden, InvalidInput

from .actors import Actor
from .dispatch import dispatch_time
from .enums import InvitationRefusalReason, InvitationStatus, Workflow
from .events import InvitationsBlocked
from .invitation import Invitation
from .profile import AuthorityProfile
from .reference import SERVICES, LaWorkflow, LegislativeAreaCatalog
from .timeutil import local_date, require_aware
from .validation import is_valid_email

DAILY_SUBMISSION_LIMIT = 100  # more than this → blocked
SUBMITTABLE = frozenset(
    {InvitationStatus.DRAFT, InvitationStatus.REFUSED, InvitationStatus.EXPIRED}
)


class SubmissionReport(BaseModel):
    """DIR-051: shown at once — how many were submitted, refused (with reasons), blocked."""

    model_config = ConfigDict(frozen=True)

    submitted: int
    refused: int
    blocked: int
    refusals: dict[str, InvitationRefusalReason]


def create_bulk_drafts(
    *,
    rows: Sequence[tuple[str, str]],
    invitation_ids: Sequence[str],
    actor: Actor,
    coordinator: AuthorityProfile,
    now: datetime,
    catalog: LegislativeAreaCatalog,
) -> tuple[list[Invitation], list[Event]]:
    """DIR-049: one draft per (name, e-mail) row of the uploaded template, without LA or
    workflow. Parsing the spreadsheet is the adapter's job."""
    if len(rows) != len(invitation_ids):
        raise ValueError("one id per row")
    drafts, events = [], []
    for (name, email), invitation_id in zip(rows, invitation_ids, strict=True):
        draft, created = Invitation.create(
            invitation_id=invitation_id,
            actor=actor,
            coordinator=coordinator,
            authority_name=name,
            email=email,
            now=now,
            catalog=catalog,
        )
        drafts.append(draft)
        events += created
    return drafts, events


def bulk_edit(
    invitations: Iterable[Invitation],
    *,
    actor: Actor,
    coordinator: AuthorityProfile,
    now: datetime,
    catalog: LegislativeAreaCatalog,
    personal_message: str | None = None,
    la_workflows: Iterable[LaWorkflow] | None = None,
) -> list[Event]:
    """DIR-050: add a personal text and/or LA–workflow pairs to selected drafts or refused
    invitations; the services alerts workflow can only be set one invitation at a time."""
    pairs = list(la_workflows) if la_workflows is not None else None
    if pairs and LaWorkflow(la_code=SERVICES, workflow=Workflow.ALERTS) in pairs:
        raise InvalidInput("DIR-050", "the services alerts workflow cannot be set in bulk edit")
    events: list[Event] = []
    for invitation in invitations:
        events += invitation.edit(
            actor,
            coordinator,
            now,
            catalog=catalog,
            personal_message=personal_message,
            la_workflows=pairs,
        )
    return events


def refusal_reason(invitation: Invitation, email_in_use: bool) -> InvitationRefusalReason | None:
    """DIR-051: bad format, e-mail already used (registered authority or other invitation),
    or no workflow selected."""
    if not is_valid_email(invitation.email):
        return InvitationRefusalReason.EMAIL_INVALID
    if email_in_use:
        return InvitationRefusalReason.EMAIL_ALREADY_USED
    if not invitation.la_workflows:
        return InvitationRefusalReason.NO_WORKFLOW_SELECTED
    return None


def submit_invitations(
    invitations: Sequence[Invitation],
    *,
    actor: Actor,
    now: datetime,
    email_in_use: Callable[[Invitation], bool],
    rng: random.Random,
    submitted_today: Iterable[Invitation] = (),
    holidays: Collection[date] = (),
) -> tuple[SubmissionReport, list[Event]]:
    """Submit drafts, refused or expired invitations (DIR-059..DIR-062, DIR-068).

    `email_in_use(invitation)`: its e-mail belongs to a registered authority or to another
    invitation. `submitted_today`: the coordinator's other invitations (those submitted on the
    same day count towards the limit; those still `submitted` are blocked with it). `rng`
    draws the registration codes: pass a `random.SystemRandom()` in production."""
    require_aware(now)
    if not invitations:
        return SubmissionReport(submitted=0, refused=0, blocked=0, refusals={}), []
    batch_ids = {i.id for i in invitations}
    for invitation in invitations:
        if not actor.is_da_of(invitation.coordinator_id):
            raise Forbidden("DIR-046", "only the inviting coordinator's DAs may submit")
        if invitation.status not in SUBMITTABLE:
            raise Conflict(
                "DIR-061",
                f"invitation {invitation.id} is {invitation.status}: only drafts, "
                "refused and expired invitations are submitted",
            )
    today = local_date(now)
    earlier = [
        i
        for i in submitted_today
        if i.id not in batch_ids and i.submitted_at and local_date(i.submitted_at) == today
    ]
    events: list[Event] = []
    refusals: dict[str, InvitationRefusalReason] = {}
    valid: list[Invitation] = []
    for invitation in invitations:
        reason = refusal_reason(invitation, email_in_use(invitation))
        if reason is None:
            valid.append(invitation)
        else:
            refusals[invitation.id] = reason
            events += invitation.apply_submission("submit_refused", now, actor, refusal=reason)
    over_limit = bool(valid) and len(earlier) + len(valid) > DAILY_SUBMISSION_LIMIT
    when = dispatch_time(now, holidays)
    for invitation in valid:
        action = "submit_over_limit" if over_limit else "submit_accepted"
        events += invitation.apply_submission(action, now, actor, dispatch_at=when, rng=rng)
    if over_limit:
        pending = [i for i in earlier if i.status is InvitationStatus.SUBMITTED]
        for invitation in pending:
            events += invitation.block_over_limit(now)
        events.append(
            InvitationsBlocked(
                coordinator_id=invitations[0].coordinator_id,
                member_state=invitations[0].member_state,
                day=today,
                submitted_count=len(earlier) + len(valid),
                invitation_ids=tuple(i.id for i in [*pending, *valid]),
                blocked_at=now,
            )
        )
    report = SubmissionReport(
        submitted=0 if over_limit else len(valid),
        refused=len(refusals),
        blocked=len(valid) if over_limit else 0,
        refusals=refusals,
    )
    return report, events
