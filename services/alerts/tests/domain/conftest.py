"""A small IMI world for the alerts domain tests, and a builder that drives an alert to any
status through the real commands (so every status used in a test is reachable)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from imi_alerts.domain import (
    Actor,
    Alert,
    AlertRight,
    AlertStatus,
    Attachment,
    AuthorityAlertRole,
    ClosurePeriods,
    ContentChanges,
    CoordinatorRef,
    DomainError,
    FreeText,
    ProviderField,
    RecipientAuthority,
)

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
PERIODS = ClosurePeriods(comment=timedelta(days=5), objection=timedelta(days=10))
CRITERIA = ("serious_damage", "own_or_other_territory", "not_covered_by_other_mechanism")

AUTH = AuthorityAlertRole.ALERT_AUTHORITY
COORD = AuthorityAlertRole.ALERT_COORDINATOR
INBOX = AuthorityAlertRole.ALERT_INBOX


@dataclass(frozen=True)
class Auth:
    ms: str
    roles: frozenset
    associated: frozenset = frozenset()
    final_approval: bool = False


def _a(ms, *assoc):
    return Auth(ms, frozenset({AUTH}), frozenset(assoc))


def _c(ms, fa=False, *assoc):
    return Auth(ms, frozenset({COORD}), frozenset(assoc), fa)


def _i(ms, fa=False):
    return Auth(ms, frozenset({COORD, INBOX}), frozenset(), fa)


AUTHORITIES: dict[str, Auth] = {
    "FR-A": _a("FR", "FR-C", "FR-CFA"),
    "FR-A2": _a("FR", "FR-C"),
    "FR-C": _c("FR"),
    "FR-CFA": _c("FR", True),
    "FR-INBOX": _i("FR"),
    "DE-INBOX": _i("DE"),
    "DE-INBOX2": _i("DE"),
    "DE-C": _c("DE"),
    "DE-CFA": _c("DE", True),
    "DE-A": _a("DE", "DE-C", "DE-CFA"),
    "DE-A2": _a("DE", "DE-C"),
    "DE-A3": _a("DE", "DE-C"),
    "BE-INBOX": _i("BE"),
    "BE-A": _a("BE", "BE-INBOX"),
    "BE-C": _c("BE"),
    "IT-INBOX": _i("IT"),
    "IT-A": _a("IT", "IT-INBOX"),
}
INBOXES = {
    "FR": ["FR-INBOX"],
    "DE": ["DE-INBOX", "DE-INBOX2"],
    "BE": ["BE-INBOX"],
    "IT": ["IT-INBOX"],
}
RIGHTS = {
    "viewer": AlertRight.ALERT_VIEWER,
    "handler": AlertRight.ALERT_HANDLER,
    "forwarder": AlertRight.ALERT_FORWARDER,
}

ALL_STATUSES = tuple(AlertStatus)

PROVIDER = (
    ProviderField(code="name", value="Jean Dupont", personal_data=True),
    ProviderField(code="legal_form", value="sole trader", personal_data=False),
)
DESCRIPTION = FreeText(text="Unsafe gas installations in several towns", lang="fr")
ATTACHMENTS = (
    Attachment(attachment_id="att-1", filename="inspection.pdf", comment_code="evidence"),
)


def text(t: str = "some text", lang: str = "en") -> FreeText:
    return FreeText(text=t, lang=lang)


@dataclass
class World:
    now: datetime = T0
    numbers: list[str] = field(default_factory=list)

    t0 = T0
    periods = PERIODS
    criteria = CRITERIA
    provider = PROVIDER
    description = DESCRIPTION
    attachments = ATTACHMENTS
    inboxes = INBOXES
    text = staticmethod(text)

    @staticmethod
    @contextmanager
    def refused(rule_id: str, exc_type: type[DomainError] = DomainError) -> Iterator[None]:
        """The block must raise `exc_type` naming `rule_id`."""
        with pytest.raises(exc_type) as info:
            yield
        assert info.value.rule_id == rule_id, f"{info.value!s} (expected {rule_id})"

    # -- time -------------------------------------------------------------------------------
    def at(self, **delta) -> datetime:
        """T0 + delta, and the world's clock moves there."""
        self.now = max(self.now, T0 + timedelta(**delta))
        return T0 + timedelta(**delta)

    def later(self, **delta) -> datetime:
        """A moment after everything done so far (1 minute unless told)."""
        self.now = self.now + (timedelta(**delta) if delta else timedelta(minutes=1))
        return self.now

    # -- people ------------------------------------------------------------------------------
    def actor(self, authority_id: str, *rights: str, **over) -> Actor:
        if authority_id == "EU":
            return Actor(
                user_id="eu-user",
                authority_id="EU-COMMISSION",
                member_state="EU",
                rights=frozenset({AlertRight.ALERT_VIEWER}),
                **over,
            )
        a = AUTHORITIES[authority_id]
        rights = rights or ("handler",)
        values = dict(
            user_id=f"{authority_id}:{'+'.join(rights)}",
            authority_id=authority_id,
            member_state=a.ms,
            authority_roles=a.roles,
            rights=frozenset(RIGHTS[r] for r in rights),
            associated_coordinator_ids=a.associated,
        )
        values.update(over)
        return Actor(**values)

    def handler(self, authority_id: str, **over) -> Actor:
        return self.actor(authority_id, "handler", **over)

    def forwarder(self, authority_id: str, **over) -> Actor:
        return self.actor(authority_id, "forwarder", **over)

    def viewer(self, authority_id: str, **over) -> Actor:
        return self.actor(authority_id, "viewer", **over)

    def coord(self, authority_id: str, **over) -> CoordinatorRef:
        a = AUTHORITIES[authority_id]
        values = dict(
            authority_id=authority_id,
            member_state=a.ms,
            final_approval=a.final_approval,
            is_alert_inbox=INBOX in a.roles,
        )
        values.update(over)
        return CoordinatorRef(**values)

    def rauth(self, authority_id: str, **over) -> RecipientAuthority:
        a = AUTHORITIES[authority_id]
        role = INBOX if INBOX in a.roles else COORD if COORD in a.roles else AUTH
        values = dict(authority_id=authority_id, member_state=a.ms, role=role)
        values.update(over)
        return RecipientAuthority(**values)

    def number_source(self, ms: str, now: datetime) -> str:
        number = f"ALR-{ms}-{now:%Y}-{len(self.numbers) + 1:05d}"
        self.numbers.append(number)
        return number

    # -- scenario builder -------------------------------------------------------------------
    def launch(
        self,
        *,
        launcher: str = "FR-A",
        mse: str = "DE",
        recipients: Iterable[str] = ("DE", "BE"),
        **over,
    ) -> Alert:
        changes = ContentChanges(
            provider=PROVIDER,
            service_activity_code="F43.22",
            establishment_ms=mse,
            description=DESCRIPTION,
            attachments=ATTACHMENTS,
            recipient_ms=tuple(recipients),
            suggested_recipients=text("Landesamt für Gewerbeaufsicht", "de"),
        )
        return Alert.launch(
            alert_id="a-1",
            actor=self.handler(launcher, **over),
            checklist={c: True for c in CRITERIA},
            criteria=CRITERIA,
            now=self.at(),
            changes=changes,
        )

    def coordinator_of(self, fa: bool) -> str:
        return "FR-CFA" if fa else "FR-C"

    def alert(
        self,
        to: AlertStatus | str,
        *,
        fa: bool = False,
        mse: str = "DE",
        recipients: Iterable[str] = ("DE", "BE"),
        launcher: str = "FR-A",
        closure_by: str = "DE-A",
        closure_coordinator: str = "DE-C",
    ) -> Alert:
        to = str(to)
        alert = self.launch(launcher=launcher, mse=mse, recipients=recipients)
        if to == "unsaved":
            return alert
        h = self.handler(launcher)
        coordinator = self.coordinator_of(fa)
        alert.select_coordinator(h, self.coord(coordinator), self.at(minutes=1))
        alert.save_draft(h, self.number_source, self.at(minutes=2))
        if to == AlertStatus.DRAFT:
            return alert
        if to == AlertStatus.DELETED:
            alert.delete(h, self.at(minutes=3))
            return alert
        alert.submit(h, self.at(minutes=3))
        if to == AlertStatus.SUBMITTED_FOR_BROADCAST:
            return alert
        fwd = self.forwarder(coordinator)
        alert.accept_for_broadcast(fwd, self.at(minutes=4))
        if to == AlertStatus.AWAITING_BROADCAST:
            return alert
        alert.broadcast(fwd, INBOXES, self.at(hours=1))
        if to == AlertStatus.BROADCAST:
            return alert
        if to in (AlertStatus.WITHDRAWAL_AWAITING_BROADCAST, AlertStatus.WITHDRAWN):
            alert.submit_withdrawal(h, "The evidence was wrong", self.at(days=1))
            if to == AlertStatus.WITHDRAWN:
                alert.broadcast_withdrawal(fwd, self.at(days=1, hours=1))
            return alert
        responsible = alert.responsible_ms
        self.receive(alert, responsible, [closure_by, closure_coordinator], at=dict(hours=2))
        alert.propose_closure(
            self.handler(closure_by),
            self.coord(closure_coordinator),
            text("The provider has stopped"),
            PERIODS,
            self.at(days=1),
        )
        if to == AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS:
            return alert
        alert.expire_periods(self.at(days=6))
        if to == AlertStatus.CLOSURE_PROPOSAL_AWAITING_BROADCAST:
            return alert
        cfwd = self.forwarder(closure_coordinator)
        alert.broadcast_closure_proposal(cfwd, PERIODS, self.at(days=6, hours=1))
        if to == AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS:
            return alert
        assert to == AlertStatus.CLOSED, to
        alert.close(cfwd, self.at(days=17))
        return alert

    def receive(self, alert: Alert, ms: str, authority_ids: Iterable[str], *, at=None) -> None:
        """The inbox of `ms` acknowledges (if needed) and forwards to `authority_ids`."""
        inbox = self.forwarder(INBOXES[ms][0])
        when = self.at(**at) if at else self.later()
        delivery = alert.deliveries[ms]
        if delivery.awaits_acknowledgement:
            alert.acknowledge(inbox, when)
        new = [a for a in authority_ids if delivery.active_recipient(a) is None]
        if new:
            alert.forward_within_ms(inbox, [self.rauth(a) for a in new], when)


@pytest.fixture
def world() -> World:
    return World()
