"""A small test world for the directory domain: a French coordinator hierarchy built with the
domain's own registration functions (NIMIC → SDIMIC → LIMIC → DIMIC → CA)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from imi_directory.domain.access import AccessAction
from imi_directory.domain.actors import Actor
from imi_directory.domain.authority import Authority
from imi_directory.domain.enums import (
    AdminRole,
    AlertWorkflowRole,
    RequestWorkflowRole,
    Workflow,
)
from imi_directory.domain.invitation import Invitation
from imi_directory.domain.invitation_batch import submit_invitations
from imi_directory.domain.reference import LaWorkflow, LegislativeAreaCatalog, LegislativeAreaDef
from imi_directory.domain.registration import (
    AuthorityDetails,
    LegislativeAreaSpec,
    WorkflowSpec,
    register_authority,
)
from imi_directory.domain.self_registration import SelfRegistrationForm, complete_self_registration
from imi_directory.domain.user_management import UserDetails, create_first_user
from imi_directory.domain.users import User

SERVICES, PQ, SOLVIT = "services", "professional_qualifications", "solvit"
REQ, ALR = Workflow.REQUESTS, Workflow.ALERTS
T0 = datetime(2025, 3, 4, 8, 0, tzinfo=UTC)  # Tuesday 09:00 in Brussels

CATALOG = LegislativeAreaCatalog(
    [
        LegislativeAreaDef(
            code=SERVICES,
            name="Services",
            workflows=frozenset({REQ, ALR}),
            keywords=frozenset({"construction", "tourism", "retail"}),
        ),
        LegislativeAreaDef(
            code=PQ,
            name="Professional qualifications",
            workflows=frozenset({REQ}),
            keywords=frozenset({"doctors", "architects"}),
        ),
        LegislativeAreaDef(
            code=SOLVIT, name="SOLVIT", workflows=frozenset({REQ}), keywords=frozenset({"solvit"})
        ),
    ]
)


class FakePasswords:
    """Test double of the PasswordHasher port (case-sensitive, like the real one)."""

    def hash(self, secret: str) -> str:
        return "h:" + secret

    def verify(self, secret: str, hashed: str) -> bool:
        return hashed == "h:" + secret


class FakeCodes:
    """Test double of the SecurityCodeHasher port."""

    def digest(self, code: str) -> str:
        return "c:" + code

    def verify(self, digest: str, answers: Mapping[int, str]) -> bool:
        code = digest[2:]
        return all(code[pos - 1] == ch for pos, ch in answers.items())


def da(authority: Authority, *las: str, user_id: str | None = None) -> Actor:
    """A data administrator of a coordinator (in `las`, default: all its LAs)."""
    return Actor.user(
        user_id or f"da-{authority.id}",
        authority.id,
        data_admin_las=set(las or authority.legislative_areas),
    )


def lda(authority: Authority, user_id: str | None = None) -> Actor:
    return Actor.user(user_id or f"lda-{authority.id}", authority.id, local_data_admin=True)


def basic(authority: Authority, user_id: str | None = None) -> Actor:
    return Actor.user(user_id or f"user-{authority.id}", authority.id)


class World:
    """Authorities of one member state (FR) plus helpers to build more. Test modules cannot
    import this conftest (importlib import mode), so helpers hang off the `world` fixture."""

    da = staticmethod(da)
    lda = staticmethod(lda)
    basic = staticmethod(basic)
    T0 = T0

    def __init__(self) -> None:
        self.catalog = CATALOG
        self.now = T0
        self._ids = count(1)
        self.all: list[Authority] = []
        self.rng = random.Random(7)
        self.nimic = self.register(
            None,
            "Ministère (NIMIC)",
            [
                LegislativeAreaSpec(
                    la_code=SERVICES,
                    admin_role=AdminRole.NIMIC,
                    workflows=(
                        WorkflowSpec(workflow=REQ, role=RequestWorkflowRole.REQUEST_COORDINATOR),
                        WorkflowSpec(
                            workflow=ALR,
                            role=AlertWorkflowRole.ALERT_COORDINATOR,
                            is_alert_inbox=True,
                        ),
                    ),
                )
            ],
            actor=Actor.helpdesk(),
        )
        self.sdimic = self.register(
            self.nimic,
            "Préfecture Bretagne (SDIMIC)",
            self.coordinator_areas(AdminRole.SDIMIC),
            region="Bretagne",
        )
        self.limic = self.register(
            self.nimic,
            "Ministère de l'économie",
            [
                LegislativeAreaSpec(
                    la_code=SERVICES,
                    admin_role=AdminRole.LIMIC,
                    keywords=("retail",),
                    workflows=(
                        WorkflowSpec(workflow=REQ, role=RequestWorkflowRole.REQUEST_COORDINATOR),
                        WorkflowSpec(workflow=ALR, role=AlertWorkflowRole.ALERT_COORDINATOR),
                    ),
                )
            ],
        )
        self.dimic = self.register(
            self.limic,
            "Chambre de commerce",
            [
                LegislativeAreaSpec(
                    la_code=SERVICES,
                    admin_role=AdminRole.DIMIC,
                    keywords=("retail",),
                    workflows=(
                        WorkflowSpec(workflow=REQ, role=RequestWorkflowRole.REQUEST_COORDINATOR),
                    ),
                )
            ],
        )
        self.ca = self.make_ca(self.dimic)

    def next_id(self, prefix: str = "a") -> str:
        return f"{prefix}{next(self._ids)}"

    def coordinator_areas(self, role: AdminRole) -> list[LegislativeAreaSpec]:
        return [
            LegislativeAreaSpec(
                la_code=SERVICES,
                admin_role=role,
                workflows=(
                    WorkflowSpec(workflow=REQ, role=RequestWorkflowRole.REQUEST_COORDINATOR),
                ),
            )
        ]

    @property
    def by_id(self) -> dict[str, Authority]:
        return {a.id: a for a in self.all}

    def register(
        self,
        registrar: Authority | None,
        name: str,
        areas: list[LegislativeAreaSpec],
        *,
        actor: Actor | None = None,
        region: str | None = None,
        member_state: str = "FR",
        email: str | None = None,
    ) -> Authority:
        authority_id = self.next_id()
        authority, _ = register_authority(
            authority_id=authority_id,
            member_state=member_state,
            details=AuthorityDetails(
                official_name=name, email=email or f"{authority_id}@ex.fr", region=region
            ),
            legislative_areas=areas,
            registrar=registrar,
            actor=actor or da(registrar),
            now=self.now,
            catalog=self.catalog,
            coordinators=self.by_id,
            others=self.all,
        )
        self.all.append(authority)
        return authority

    def make_ca(
        self,
        registrar: Authority,
        *,
        la: str = SERVICES,
        workflows: tuple[Workflow, ...] = (REQ,),
        associated: str | None = None,
        name: str = "Mairie",
    ) -> Authority:
        coordinator_id = associated or registrar.id
        specs = tuple(
            WorkflowSpec(
                workflow=w, associated_coordinator_ids=(self._associated_for(w, coordinator_id),)
            )
            for w in workflows
        )
        keyword = min(self.catalog.keywords(la))
        return self.register(
            registrar, name, [LegislativeAreaSpec(la_code=la, keywords=(keyword,), workflows=specs)]
        )

    def _associated_for(self, workflow: Workflow, preferred: str) -> str:
        candidate = self.by_id[preferred]
        access = candidate.legislative_areas.get(SERVICES)
        if (
            access
            and workflow in access.workflows
            and access.workflows[workflow].role
            in (RequestWorkflowRole.REQUEST_COORDINATOR, AlertWorkflowRole.ALERT_COORDINATOR)
        ):
            return preferred
        return self.nimic.id

    def first_user(self, authority: Authority, user_id: str = "u1") -> User:
        user, _ = create_first_user(
            authority=authority,
            user_id=user_id,
            username=f"fr_{user_id}",
            details=UserDetails(
                first_name="Jeanne",
                last_name="Dupont",
                main_language="fr",
                email=f"{user_id}@ex.fr",
            ),
            temporary_password_hash="h:Temp-pass-1",
            now=self.now,
            actor=None,
        )
        return user

    # ------------------------------------------------------------------ invitations

    def invite(
        self,
        coordinator: Authority | None = None,
        pairs: tuple[tuple[str, Workflow], ...] = ((SERVICES, REQ),),
        email: str = "nouvelle@ex.fr",
        *,
        send: bool = True,
    ) -> Invitation:
        coordinator = coordinator or self.dimic
        invitation, _ = Invitation.create(
            invitation_id=self.next_id("inv"),
            actor=da(coordinator),
            coordinator=coordinator,
            authority_name="Nouvelle autorité",
            email=email,
            now=self.now,
            catalog=self.catalog,
            la_workflows=[LaWorkflow(la_code=la, workflow=w) for la, w in pairs],
        )
        if send:
            submit_invitations(
                [invitation],
                actor=da(coordinator),
                now=self.now,
                email_in_use=lambda _: False,
                rng=self.rng,
            )
            invitation.dispatch(invitation.dispatch_at)
        return invitation

    def self_register(
        self, invitation: Invitation | None = None, at: datetime | None = None
    ) -> tuple[Authority, Invitation, User]:
        invitation = invitation or self.invite()
        las = {p.la_code for p in invitation.la_workflows}
        form = SelfRegistrationForm(
            details=AuthorityDetails(official_name="Nouvelle autorité", email=invitation.email),
            keywords={la: (min(self.catalog.keywords(la)),) for la in las},
            first_user=UserDetails(
                first_name="Anne", last_name="Le Goff", main_language="fr", email="anne@ex.fr"
            ),
            summary_saved=True,
        )
        authority, user, _ = complete_self_registration(
            invitation=invitation,
            code=invitation.registration_code,
            form=form,
            authority_id=self.next_id(),
            first_user_id=self.next_id("u"),
            username="fr_alegoff",
            temporary_password_hash="h:Temp-pass-1",
            catalog=self.catalog,
            now=at or invitation.sent_at + timedelta(days=1),
        )
        self.all.append(authority)
        return authority, invitation, user

    # ------------------------------------------------------------------ statuses

    def suspend_accesses(self, authority: Authority, actor: Actor | None = None) -> None:
        for code, la in authority.legislative_areas.items():
            manager = actor or da(self.by_id[la.access_coordinator_id])
            for workflow, access in la.workflows.items():
                if access.status.value == "active":
                    authority.change_access(
                        AccessAction.SUSPEND, manager, code, self.now, workflow=workflow
                    )
            if la.status.value == "active":
                authority.change_access(AccessAction.SUSPEND, manager, code, self.now)

    def remove_accesses(self, authority: Authority) -> None:
        self.suspend_accesses(authority)
        for code, la in authority.legislative_areas.items():
            manager = da(self.by_id[la.access_coordinator_id])
            for workflow in list(la.workflows):
                authority.change_access(
                    AccessAction.REMOVE, manager, code, self.now, workflow=workflow, open_cases=0
                )
            authority.change_access(AccessAction.REMOVE, manager, code, self.now, open_cases=0)

    def validating_da(self, authority: Authority) -> Actor:
        return da(self.by_id[authority.validating_coordinator_id])


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def now() -> datetime:
    return T0


@pytest.fixture
def rng() -> random.Random:
    return random.Random(1234)


@pytest.fixture
def passwords() -> FakePasswords:
    return FakePasswords()


@pytest.fixture
def codes() -> FakeCodes:
    return FakeCodes()


@pytest.fixture
def later():
    def shift(**delta: float) -> datetime:
        return T0 + timedelta(**delta)

    return shift
