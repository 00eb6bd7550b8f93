"""Role × endpoint authorization matrix of the directory API (X-016, DIR-014..DIR-020,
DIR-027, DIR-046, DIR-054, DIR-064, DIR-077, DIR-081..DIR-095, DIR-097..DIR-134).

Every route of the app is listed here, either in `MATRIX` (who may call it) or in `ANONYMOUS`
(public, with the rule that makes it so); `test_dir_authz_matrix_covers_every_endpoint` fails
when a route has no row, so a new endpoint cannot ship without its authorization decided.
Routes whose path ends in an enumerated action (`.../status/{action}`, `.../access/{la}/{action}`)
count one endpoint per action, since each action has its own actor (DIR §3.10, §3.11).

For each endpoint and principal, `test_dir_authz`:
- no token → 401;
- a principal not allowed → 403 naming the rule in the JSON body, or 404 naming DIR-077 where
  the design hides an authority awaiting validation from everyone but its validating
  coordinator's DAs (DIR-077: "visible only to the DAs of the validating coordinator");
- an allowed principal → 2xx: each target is set up in the status where the action applies and
  its preconditions hold, so the allowed call goes through (and is certainly not 401/403).

Principals (the target is a competent authority of FR registered by the NIMIC of FR, which is
its validating and access coordinator):
    nimic_da          DA (every LA) and LDA of the NIMIC of FR — the target's coordinator
    coordinator_da    DA of a DIMIC of FR in services: a coordinator of the same state, but
                      not the target's
    lda               local data administrator of the target
    user              a plain user of the target (no LDA, no DA)
    da_other_state    DA of the NIMIC of DE
    lda_other_state   LDA of a competent authority of DE
    helpdesk          Commission helpdesk (member state EU)

One app and one seeded world per module. A principal that is refused changes nothing, so it
works on targets shared by the module; an allowed principal gets fresh targets of its own.
"""

from __future__ import annotations

import io
import itertools
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from support import (
    MutableClock,
    catalog_of,
    directory_app,
    headers_for,
    helpdesk_headers,
    save_authority,
    seed_nimic,
)

from imi_directory.adapters.invitation_repository import InvitationRepository
from imi_directory.adapters.retention_events import UserPdLocked
from imi_directory.app import create_app
from imi_directory.domain.actors import Actor
from imi_directory.domain.authority import Authority
from imi_directory.domain.enums import (
    AccessStatus,
    AdminRole,
    AuthorityStatus,
    InvitationStatus,
    Workflow,
)
from imi_directory.domain.invitation import Invitation
from imi_directory.domain.reference import LaWorkflow
from imi_directory.domain.registration import (
    AuthorityDetails,
    LegislativeAreaSpec,
    WorkflowSpec,
    register_authority,
)
from imi_directory.domain.user_management import UserDetails
from imi_directory.handlers import registrations, user_retention, users
from imi_directory.handlers.credential_kit import CredentialKit
from imi_directory.settings import DirectorySettings
from imi_shared.envelope import Envelope

SERVICES, KEYWORD, OTHER_LA = "services", "services.architecture", "professional_qualifications"
OTHER_KEYWORD = "professional_qualifications.doctors"
ROLES = (
    "nimic_da",
    "coordinator_da",
    "lda",
    "user",
    "da_other_state",
    "lda_other_state",
    "helpdesk",
)
COORDINATOR_DAS = frozenset({"nimic_da", "coordinator_da", "da_other_state"})

# Deliberately public routes, with the rule that makes them so.
ANONYMOUS: dict[str, str] = {
    "POST /auth/challenge": "DIR-093: the positions asked precede the login",
    "POST /auth/login": "DIR-091: the login itself (username, password, security code)",
    "POST /auth/first-login": "DIR-092: first login with the temporary password",
    "POST /registrations/preview": "X-018 / DIR-073 / DIR-075: captcha + registration code",
    "POST /registrations": "X-018 / DIR-073 / DIR-098: captcha + single-use registration code",
}
# The caller's own session: any valid, not revoked token, about itself only; 401
# without one (test_users_session.py).
OWN_SESSION: dict[str, str] = {
    "GET /me": "X-016 / X-054: the caller's own token and user record",
    "POST /auth/logout": "X-016: revokes the caller's own token",
}
# Process and documentation routes of every service (imi_shared.runtime).
INFRASTRUCTURE = {"GET /healthz", "GET /readyz"}


# --------------------------------------------------------------------------- the world


@dataclass(frozen=True)
class Req:
    method: str
    path: str
    json: dict | None = None
    files: dict | None = None
    params: dict | None = None
    authority_id: str | None = None  # the target whose LDA / user the principal is


@dataclass
class World:
    client: object
    ctx: object
    kit: CredentialKit
    nimic_fr: Authority
    nimic_de_id: str
    dimic_fr_id: str
    ca_fr_id: str
    ca_de_id: str
    numbers: itertools.count = field(default_factory=lambda: itertools.count(1))
    shared: dict = field(default_factory=dict)

    # ------------------------------------------------------------------ principals

    def headers(self, role: str, target: str | None) -> dict[str, str]:
        target = target or self.ca_fr_id
        every_la = tuple(sorted(self.nimic_fr.legislative_areas))
        if role == "nimic_da":
            return headers_for(
                user_id="u-nimic-fr",
                authority_id=self.nimic_fr.id,
                member_state="FR",
                local_data_admin=True,
                data_admin_las=every_la,
            )
        if role == "coordinator_da":
            return headers_for(
                user_id="u-dimic-fr",
                authority_id=self.dimic_fr_id,
                member_state="FR",
                local_data_admin=True,
                data_admin_las=(SERVICES,),
            )
        if role == "lda":
            return headers_for(
                user_id=f"u-lda-{target}",
                authority_id=target,
                member_state="FR",
                local_data_admin=True,
            )
        if role == "user":
            return headers_for(user_id=f"u-user-{target}", authority_id=target, member_state="FR")
        if role == "da_other_state":
            return headers_for(
                user_id="u-nimic-de",
                authority_id=self.nimic_de_id,
                member_state="DE",
                local_data_admin=True,
                data_admin_las=every_la,
            )
        if role == "lda_other_state":
            return headers_for(
                user_id="u-lda-de",
                authority_id=self.ca_de_id,
                member_state="DE",
                local_data_admin=True,
            )
        if role == "helpdesk":
            return helpdesk_headers()
        raise AssertionError(role)

    @property
    def nimic_actor(self) -> Actor:
        return Actor.user(
            "u-nimic-fr",
            self.nimic_fr.id,
            local_data_admin=True,
            data_admin_las=frozenset(self.nimic_fr.legislative_areas),
        )

    # ------------------------------------------------------------------ targets

    async def once(self, key: str, fresh: bool, make: Callable[[], Awaitable]):
        """A target shared by the refused principals (`fresh` False), else a new one."""
        if fresh:
            return await make()
        if key not in self.shared:
            self.shared[key] = await make()
        return self.shared[key]

    async def ca(
        self,
        *,
        status: AuthorityStatus = AuthorityStatus.ACTIVE,
        la: AccessStatus = AccessStatus.ACTIVE,
        wf: AccessStatus = AccessStatus.ACTIVE,
        member_state: str = "FR",
        registrar: Authority | None = None,
    ) -> str:
        """A competent authority (services LA, requests workflow) in the given statuses,
        registered by the NIMIC of FR (its validating and access coordinator)."""
        n = next(self.numbers)
        registrar = registrar or self.nimic_fr
        authority, _ = register_authority(
            authority_id=f"ca-{member_state.lower()}-{n}",
            member_state=member_state,
            details=AuthorityDetails(
                official_name=f"Mairie {n}", email=f"mairie{n}@{member_state.lower()}.authz.test"
            ),
            legislative_areas=[
                LegislativeAreaSpec(
                    la_code=SERVICES,
                    keywords=(KEYWORD,),
                    workflows=(
                        WorkflowSpec(
                            workflow=Workflow.REQUESTS, associated_coordinator_ids=(registrar.id,)
                        ),
                    ),
                )
            ],
            registrar=registrar,
            actor=Actor.user("u-registrar", registrar.id, data_admin_las={SERVICES}),
            now=self.ctx.clock(),
            catalog=catalog_of(self.ctx),
            coordinators={registrar.id: registrar},
        )
        area = authority.legislative_areas[SERVICES]
        area.workflows[Workflow.REQUESTS].status = wf
        area.status = la
        authority.status = status
        await save_authority(self.ctx, authority)
        return authority.id

    async def user_of(self, authority_id: str) -> str:
        """A plain (second) user of the authority; its first user is an LDA with every
        right (DIR-044), so the role constraints of DIR-086 stay met without this one."""

        async def create(last: str) -> str:
            n = next(self.numbers)
            details = UserDetails(
                first_name="Claire",
                last_name=last,
                main_language="fr",
                email=f"claire.{last.lower()}{n}@authz.test",
            )
            result = await users.create_user(
                self.ctx,
                self.kit,
                self.nimic_actor,
                authority_id,
                users.CreateUser(details=details),
            )
            return result.user.id

        await create("Premier")
        return await create("Second")

    async def invitation(self, status: InvitationStatus) -> str:
        """An invitation of the NIMIC of FR in `status` (services / requests)."""
        n = next(self.numbers)
        now = self.ctx.clock()
        invitation, _ = Invitation.create(
            invitation_id=f"inv-{n}-{uuid.uuid4().hex[:6]}",
            actor=self.nimic_actor,
            coordinator=self.nimic_fr,
            authority_name=f"Mairie invitée {n}",
            email=f"invitee{n}@authz.test",
            now=now,
            catalog=catalog_of(self.ctx),
            la_workflows=[LaWorkflow(la_code=SERVICES, workflow=Workflow.REQUESTS)],
        )
        if status is not InvitationStatus.DRAFT:  # submitted: a code and a dispatch date
            invitation.status = status
            invitation.submitted_at = now - timedelta(days=1)
            invitation.dispatch_at = now - timedelta(hours=12)
            invitation.registration_code = f"CODE{n}{uuid.uuid4().hex[:8].upper()}"
            invitation.code_expires_at = now + timedelta(days=29)
        if status is InvitationStatus.SENT_AWAITING_REGISTRATION:
            invitation.sent_at = now - timedelta(hours=12)
        await self.ctx.uow.run(lambda tx: InvitationRepository(tx).add(invitation))
        return invitation.id

    async def self_registered(self) -> str:
        """An authority self-registered with an invitation of the NIMIC of FR, awaiting
        validation (DIR-076), with its first user waiting (DIR-079)."""
        invitation_id = await self.invitation(InvitationStatus.SENT_AWAITING_REGISTRATION)
        stored = await self.ctx.uow.run(lambda tx: InvitationRepository(tx).get(invitation_id))
        n = next(self.numbers)
        registered = await registrations.self_register(
            self.ctx,
            registrations.SelfRegistration(
                code=stored.value.registration_code,
                captcha="ok",
                summary_saved=True,
                details=AuthorityDetails(
                    official_name=f"Office {n}", email=f"office{n}@authz.test"
                ),
                keywords={SERVICES: [KEYWORD]},
                first_user=UserDetails(
                    first_name="Anne",
                    last_name="Le Goff",
                    main_language="fr",
                    email=f"anne{n}@authz.test",
                ),
            ),
        )
        return registered.authority.id


# --------------------------------------------------------------------------- the matrix

Prepare = Callable[[World, bool], Awaitable[Req]]


@dataclass(frozen=True)
class Row:
    endpoint: str
    allowed: frozenset[str]
    rules: tuple[str, ...]  # a refusal names one of these
    prepare: Prepare
    variant: str = ""
    hidden: bool = False  # refused principals get 404 (DIR-077) instead of 403
    nobody: int | None = None  # the action does not exist at this level: this status for all
    hidden_for: frozenset[str] = frozenset()  # these refused principals get 404 (not theirs)

    @property
    def label(self) -> str:
        return self.endpoint + self.variant


def row(endpoint: str, allowed, rules, prepare: Prepare, **more) -> Row:
    rules = (rules,) if isinstance(rules, str) else tuple(rules)
    return Row(endpoint, frozenset(allowed), rules, prepare, **more)


A, ST = AccessStatus, AuthorityStatus
COORDINATOR = {"nimic_da"}  # the target's validating and access coordinator (DA)
MANAGERS = {"nimic_da", "lda"}  # ... and the target's LDA
EVERYONE = set(ROLES)


def on(
    method: str, path: str, key: str, json: dict | Callable[[World], dict] | None = None, **statuses
) -> Prepare:
    """`path` with `{a}` = the target authority."""

    async def prepare(world: World, fresh: bool) -> Req:
        authority_id = await world.once(key, fresh, lambda: world.ca(**statuses))
        return Req(
            method,
            path.format(a=authority_id),
            json=json(world) if callable(json) else json,
            authority_id=authority_id,
        )

    return prepare


def on_mailing() -> Prepare:
    """DIR-135: a mailing whose one selected authority is the target."""

    async def prepare(world: World, fresh: bool) -> Req:
        authority_id = await world.once("mailing", fresh, world.ca)
        body = {"authority_ids": [authority_id], "subject": "Update", "body": "Please update"}
        return Req("POST", "/mailings", json=body, authority_id=authority_id)

    return prepare


def on_user(method: str, path: str, json: dict | None = None) -> Prepare:
    """`path` with `{u}` = a plain user of the target authority."""

    async def prepare(world: World, fresh: bool) -> Req:
        async def make():
            authority_id = await world.ca()
            return authority_id, await world.user_of(authority_id)

        authority_id, user_id = await world.once(f"user:{method}:{path}", fresh, make)
        return Req(method, path.format(u=user_id), json=json, authority_id=authority_id)

    return prepare


def on_locked_user(method: str, path: str, json: dict | None = None) -> Prepare:
    """`path` with `{u}` = a plain user of the target whose contact data retention locked
    (RET-004: `user.pd_locked` applied by the directory's consumer handler)."""

    async def prepare(world: World, fresh: bool) -> Req:
        async def make():
            authority_id = await world.ca()
            user_id = await world.user_of(authority_id)
            now = datetime.now(UTC)
            event = UserPdLocked(
                user_id=user_id, authority_id=authority_id, member_state="FR",
                rule="RET-004", locked_at=now, delete_at=now,
            )  # fmt: skip
            envelope = Envelope.wrap(event, producer="retention", member_state="FR")
            apply = user_retention.handlers(world.ctx)[event.event_type]
            await world.ctx.uow.run(lambda tx: apply(event, envelope, tx))
            return authority_id, user_id

        authority_id, user_id = await world.once(f"locked:{method}:{path}", fresh, make)
        return Req(method, path.format(u=user_id), json=json, authority_id=authority_id)

    return prepare


def on_invitation(
    method: str, path: str, status: InvitationStatus, json: Callable[[str], dict] | None = None
) -> Prepare:
    """`path` with `{i}` = an invitation of the NIMIC of FR in `status`."""

    async def prepare(world: World, fresh: bool) -> Req:
        invitation_id = await world.once(
            f"inv:{method}:{path}", fresh, lambda: world.invitation(status)
        )
        return Req(method, path.format(i=invitation_id), json=json(invitation_id) if json else None)

    return prepare


def on_self_registered(
    method: str, path: str, json: Callable[[World], dict] | None = None
) -> Prepare:
    async def prepare(world: World, fresh: bool) -> Req:
        authority_id = await world.once(f"selfreg:{method}:{path}", fresh, world.self_registered)
        return Req(
            method,
            path.format(a=authority_id),
            json=json(world) if json else None,
            authority_id=authority_id,
        )

    return prepare


def fixed(method: str, path: str, json=None, files=None, params=None) -> Prepare:
    async def prepare(world: World, fresh: bool) -> Req:
        return Req(
            method,
            path,
            json=json(world) if callable(json) else json,
            files=files() if callable(files) else files,
            params=params(world) if callable(params) else params,
        )

    return prepare


def new_ca_body(world: World) -> dict:
    n = next(world.numbers)
    return {
        "member_state": "FR",
        "details": {"official_name": f"Bureau {n}", "email": f"bureau{n}@authz.test"},
        "legislative_areas": [
            {
                "la_code": SERVICES,
                "admin_role": "competent_authority",
                "keywords": [KEYWORD],
                "workflows": [
                    {"workflow": "requests", "associated_coordinator_ids": [world.nimic_fr.id]}
                ],
            }
        ],
    }


def links(world: World) -> dict:
    return {
        "associated_coordinators": [
            {"la_code": SERVICES, "workflow": "requests", "coordinator_ids": [world.nimic_fr.id]}
        ]
    }


def csv_upload() -> dict:
    return {
        "file": ("invitations.csv", io.BytesIO(b"name,email\nMairie,m@authz.test\n"), "text/csv")
    }


AUTH = "/authorities/{a}"
ACCESS = "/authorities/{a}/access/services"
FLOW = "/authorities/{a}/access/services/requests"
ALERTS = "/authorities/{a}/access/services/alerts"
I = InvitationStatus

MATRIX: tuple[Row, ...] = (
    # ---------------------------------------------------------------- authorities (DIR §3.5, §3.3)
    # DIR-040 / DIR-014: coordinator DAs register within their own MS (the body names FR);
    # the helpdesk registers NIMICs only [INFERRED: nobody above them], not this CA.
    row(
        "POST /authorities",
        {"nimic_da", "coordinator_da"},
        ("DIR-040", "DIR-014", "DIR-015"),
        fixed("POST", "/authorities", json=new_ca_body),
    ),
    # DIR-077: an authority awaiting validation exists only for its validating coordinator.
    row(
        "GET /authorities/{authority_id}",
        COORDINATOR,
        "DIR-077",
        on(
            "GET",
            AUTH,
            "requested",
            status=ST.REGISTRATION_REQUESTED,
            la=A.REQUESTED,
            wf=A.REQUESTED,
        ),
        hidden=True,
    ),
    # DIR-017 (validating coordinator DA) / DIR-029 (LDA).
    row(
        "PATCH /authorities/{authority_id}",
        MANAGERS,
        ("DIR-017", "DIR-029"),
        on("PATCH", AUTH, "active", json={"informal_name": "Mairie"}),
    ),
    # DIR-099..DIR-105: the validating coordinator's DAs.
    row(
        "POST /authorities/{authority_id}/status/validate",
        COORDINATOR,
        "DIR-099",
        on(
            "POST",
            AUTH + "/status/validate",
            "requested",
            status=ST.REGISTRATION_REQUESTED,
            la=A.REQUESTED,
            wf=A.REQUESTED,
        ),
    ),
    row(
        "POST /authorities/{authority_id}/status/refuse_registration",
        COORDINATOR,
        "DIR-100",
        on(
            "POST",
            AUTH + "/status/refuse_registration",
            "requested",
            status=ST.REGISTRATION_REQUESTED,
            la=A.REQUESTED,
            wf=A.REQUESTED,
        ),
    ),
    row(
        "POST /authorities/{authority_id}/status/suspend",
        COORDINATOR,
        "DIR-103",
        on("POST", AUTH + "/status/suspend", "suspended-accesses", la=A.SUSPENDED, wf=A.SUSPENDED),
    ),
    row(
        "POST /authorities/{authority_id}/status/reactivate",
        COORDINATOR,
        "DIR-104",
        on(
            "POST",
            AUTH + "/status/reactivate",
            "suspended",
            status=ST.SUSPENDED,
            la=A.SUSPENDED,
            wf=A.SUSPENDED,
        ),
    ),
    row(
        "POST /authorities/{authority_id}/status/set_inactive",
        COORDINATOR,
        "DIR-105",
        on(
            "POST",
            AUTH + "/status/set_inactive",
            "suspended-removed",
            status=ST.SUSPENDED,
            la=A.REMOVED,
            wf=A.REMOVED,
        ),
    ),
    # DIR-019 / DIR-020: the current validating coordinator reassigns.
    row(
        "PUT /authorities/{authority_id}/validating-coordinator",
        COORDINATOR,
        "DIR-019",
        on("PUT", AUTH + "/validating-coordinator", "active", json={"coordinator_id": "nimic-fr"}),
    ),
    # ---------------------------------------------------------------- LA access (DIR §3.11)
    # DIR-110: a coordinator DA grants a new LA (the DIMIC coordinates services only).
    row(
        "POST /authorities/{authority_id}/access/{la_code}/grant",
        COORDINATOR,
        ("DIR-110", "DIR-014"),
        on(
            "POST",
            f"/authorities/{{a}}/access/{OTHER_LA}/grant",
            "active",
            json={"keywords": [OTHER_KEYWORD]},
        ),
    ),
    # DIR-111: the authority's LDA asks for a new LA.
    row(
        "POST /authorities/{authority_id}/access/{la_code}/request",
        {"lda"},
        "DIR-111",
        on(
            "POST",
            f"/authorities/{{a}}/access/{OTHER_LA}/request",
            "active",
            json={"keywords": [OTHER_KEYWORD], "access_coordinator_id": "nimic-fr"},
        ),
    ),
    # DIR-113 exists for workflow access only: refused at LA level whoever asks.
    row(
        "POST /authorities/{authority_id}/access/{la_code}/refuse",
        set(),
        "DIR-113",
        on("POST", ACCESS + "/refuse", "la-requested", la=A.REQUESTED, wf=A.REQUESTED),
        nobody=409,
    ),
    row(
        "POST /authorities/{authority_id}/access/{la_code}/suspend",
        COORDINATOR,
        "DIR-114",
        on("POST", ACCESS + "/suspend", "wf-suspended", wf=A.SUSPENDED),
    ),
    row(
        "POST /authorities/{authority_id}/access/{la_code}/reactivate",
        COORDINATOR,
        "DIR-115",
        on("POST", ACCESS + "/reactivate", "la-suspended", la=A.SUSPENDED, wf=A.SUSPENDED),
    ),
    row(
        "POST /authorities/{authority_id}/access/{la_code}/request_reactivation",
        {"lda"},
        "DIR-116",
        on(
            "POST", ACCESS + "/request_reactivation", "la-suspended", la=A.SUSPENDED, wf=A.SUSPENDED
        ),
    ),
    row(
        "POST /authorities/{authority_id}/access/{la_code}/accept_reactivation",
        COORDINATOR,
        "DIR-117",
        on(
            "POST",
            ACCESS + "/accept_reactivation",
            "la-reactivation",
            la=A.SUSPENDED_REACTIVATION_REQUESTED,
            wf=A.SUSPENDED,
        ),
    ),
    row(
        "POST /authorities/{authority_id}/access/{la_code}/refuse_reactivation",
        COORDINATOR,
        "DIR-117",
        on(
            "POST",
            ACCESS + "/refuse_reactivation",
            "la-reactivation",
            la=A.SUSPENDED_REACTIVATION_REQUESTED,
            wf=A.SUSPENDED,
        ),
    ),
    row(
        "POST /authorities/{authority_id}/access/{la_code}/remove",
        COORDINATOR,
        "DIR-118",
        on("POST", ACCESS + "/remove", "la-suspended-wf-removed", la=A.SUSPENDED, wf=A.REMOVED),
    ),
    row(
        "POST /authorities/{authority_id}/access/{la_code}/start_reactivation",
        COORDINATOR,
        "DIR-121",
        on("POST", ACCESS + "/start_reactivation", "la-removed", la=A.REMOVED, wf=A.REMOVED),
    ),
    # ---------------------------------------------------------------- workflow access
    row(
        "POST /authorities/{authority_id}/access/{la_code}/{workflow}/grant",
        COORDINATOR,
        "DIR-110",
        on("POST", ALERTS + "/grant", "active", json={"associated_coordinator_ids": ["nimic-fr"]}),
    ),
    row(
        "POST /authorities/{authority_id}/access/{la_code}/{workflow}/request",
        {"lda"},
        "DIR-111",
        on("POST", ALERTS + "/request", "active"),
    ),
    row(
        "POST /authorities/{authority_id}/access/{la_code}/{workflow}/refuse",
        COORDINATOR,
        "DIR-113",
        on("POST", FLOW + "/refuse", "wf-requested", wf=A.REQUESTED),
    ),
    row(
        "POST /authorities/{authority_id}/access/{la_code}/{workflow}/suspend",
        COORDINATOR,
        "DIR-114",
        on("POST", FLOW + "/suspend", "active"),
    ),
    row(
        "POST /authorities/{authority_id}/access/{la_code}/{workflow}/reactivate",
        COORDINATOR,
        "DIR-115",
        on("POST", FLOW + "/reactivate", "wf-suspended", wf=A.SUSPENDED),
    ),
    row(
        "POST /authorities/{authority_id}/access/{la_code}/{workflow}/request_reactivation",
        {"lda"},
        "DIR-116",
        on("POST", FLOW + "/request_reactivation", "wf-suspended", wf=A.SUSPENDED),
    ),
    row(
        "POST /authorities/{authority_id}/access/{la_code}/{workflow}/accept_reactivation",
        COORDINATOR,
        "DIR-117",
        on(
            "POST",
            FLOW + "/accept_reactivation",
            "wf-reactivation",
            wf=A.SUSPENDED_REACTIVATION_REQUESTED,
        ),
    ),
    row(
        "POST /authorities/{authority_id}/access/{la_code}/{workflow}/refuse_reactivation",
        COORDINATOR,
        "DIR-117",
        on(
            "POST",
            FLOW + "/refuse_reactivation",
            "wf-reactivation",
            wf=A.SUSPENDED_REACTIVATION_REQUESTED,
        ),
    ),
    row(
        "POST /authorities/{authority_id}/access/{la_code}/{workflow}/remove",
        COORDINATOR,
        "DIR-119",
        on("POST", FLOW + "/remove", "wf-suspended", wf=A.SUSPENDED),
    ),
    # DIR-121 ("start reactivation") exists for LA access only.
    row(
        "POST /authorities/{authority_id}/access/{la_code}/{workflow}/start_reactivation",
        set(),
        "DIR-121",
        on("POST", FLOW + "/start_reactivation", "wf-removed", wf=A.REMOVED),
        nobody=409,
    ),
    # ---------------------------------------------------------------- LA data, roles, parameters
    # DIR-018 (access coordinator DA) / DIR-029 / DIR-124 (LDA).
    row(
        "PATCH /authorities/{authority_id}/access/{la_code}",
        MANAGERS,
        ("DIR-018", "DIR-029", "DIR-124"),
        on("PATCH", ACCESS, "active", json={"keywords": [KEYWORD]}),
    ),
    # DIR-128: the access coordinator's DAs.
    row(
        "PUT /authorities/{authority_id}/access/{la_code}/role",
        COORDINATOR,
        ("DIR-128", "DIR-014"),
        on(
            "PUT",
            ACCESS + "/role",
            "la-suspended",
            json={"admin_role": "dimic"},
            la=A.SUSPENDED,
            wf=A.SUSPENDED,
        ),
    ),
    # DIR-019: the current access coordinator reassigns.
    row(
        "PUT /authorities/{authority_id}/access/{la_code}/access-coordinator",
        COORDINATOR,
        "DIR-019",
        on("PUT", ACCESS + "/access-coordinator", "active", json={"coordinator_id": "nimic-fr"}),
    ),
    # DIR-127: the access coordinator's DAs.
    row(
        "PUT /authorities/{authority_id}/access/{la_code}/{workflow}/role",
        COORDINATOR,
        ("DIR-127", "DIR-014"),
        on(
            "PUT",
            FLOW + "/role",
            "wf-suspended",
            json={"role": "request_coordinator"},
            wf=A.SUSPENDED,
        ),
    ),
    # DIR-030..DIR-032: the access coordinator, never the CA (its LDA only sets allocation).
    row(
        "PUT /authorities/{authority_id}/access/{la_code}/{workflow}/parameters",
        COORDINATOR,
        ("DIR-030", "DIR-031", "DIR-032", "DIR-018"),
        on(
            "PUT",
            FLOW + "/parameters",
            "active",
            json={"parameters": {"may_accept_incoming_requests": False}},
        ),
    ),
    # DIR-033: a CA's allocation is switched by its LDAs only (DIR-029).
    row(
        "PUT /authorities/{authority_id}/access/{la_code}/{workflow}/parameters",
        {"lda"},
        ("DIR-033",),
        on(
            "PUT", FLOW + "/parameters", "active", json={"parameters": {"allocation_enabled": True}}
        ),
        variant=" allocation_enabled",
    ),
    # DIR-027: the access coordinator or the authority's LDA.
    row(
        "PUT /authorities/{authority_id}/access/{la_code}/{workflow}/associated-coordinators",
        MANAGERS,
        "DIR-027",
        on(
            "PUT",
            FLOW + "/associated-coordinators",
            "active",
            json={"coordinator_ids": ["nimic-fr"]},
        ),
    ),
    # ---------------------------------------------------------------- users (DIR §3.8)
    # DIR-081 / DIR-017 / DIR-018: LDAs and the coordinators' DAs.
    row(
        "POST /authorities/{authority_id}/users",
        MANAGERS,
        "DIR-081",
        on(
            "POST",
            AUTH + "/users",
            "active",
            json=lambda w: {
                "details": {
                    "first_name": "Jean",
                    "last_name": "Neuf",
                    "main_language": "fr",
                    "email": f"jean.neuf{next(w.numbers)}@authz.test",
                }
            },
        ),
    ),
    row(
        "GET /authorities/{authority_id}/users",
        MANAGERS,
        "DIR-081",
        on("GET", AUTH + "/users", "active"),
    ),
    row(
        "PATCH /users/{user_id}/roles",
        MANAGERS,
        ("DIR-084", "DIR-085", "DIR-017"),
        on_user("PATCH", "/users/{u}/roles", json={"roles": [{"role": "basic_user"}]}),
    ),
    row(
        "POST /users/{user_id}/reset",
        MANAGERS,
        ("DIR-095", "DIR-085", "DIR-017"),
        on_user("POST", "/users/{u}/reset"),
    ),
    row(
        "DELETE /users/{user_id}", MANAGERS, ("DIR-090", "DIR-017"), on_user("DELETE", "/users/{u}")
    ),
    # RET-004 / RET-016: only the helpdesk extracts a locked user's contact data; for
    # anyone else it does not exist (the same 404 as an unknown user, X-010)
    row(
        "POST /users/{user_id}/locked-personal-data/extractions",
        {"helpdesk"},
        "RET-016",
        on_locked_user(
            "POST", "/users/{u}/locked-personal-data/extractions", {"case_ref": "REQ-1"}
        ),
        hidden=True,
    ),
    # ---------------------------------------------------------------- invitations (DIR §3.6)
    # DIR-046: coordinator DAs, for their own coordinator (so also another state's, for its
    # own invitations); never the helpdesk, an LDA or a plain user.
    row(
        "GET /invitations/bulk/template",
        COORDINATOR_DAS,
        "DIR-046",
        fixed("GET", "/invitations/bulk/template"),
    ),
    row(
        "POST /invitations",
        COORDINATOR_DAS,
        "DIR-046",
        fixed(
            "POST",
            "/invitations",
            json=lambda w: {
                "authority_name": "Mairie",
                "email": f"new{next(w.numbers)}@authz.test",
                "la_workflows": [{"la_code": SERVICES, "workflow": "requests"}],
            },
        ),
    ),
    row(
        "POST /invitations/bulk",
        COORDINATOR_DAS,
        "DIR-046",
        fixed("POST", "/invitations/bulk", files=csv_upload),
    ),
    # DIR-048 / DIR-046: a coordinator's list is for its DAs; the helpdesk names the coordinator.
    row(
        "GET /invitations",
        {"nimic_da", "helpdesk"},
        "DIR-046",
        fixed("GET", "/invitations", params=lambda w: {"coordinator_id": w.nimic_fr.id}),
    ),
    row(
        "PATCH /invitations/bulk",
        COORDINATOR,
        ("DIR-050", "DIR-058", "DIR-046"),
        on_invitation(
            "PATCH",
            "/invitations/bulk",
            I.DRAFT,
            json=lambda i: {"ids": [i], "personal_message": "Bonjour"},
        ),
    ),
    row(
        "POST /mailings",
        {"nimic_da", "coordinator_da"},  # DIR-135: any coordinator DA of the target's state
        "DIR-135",
        on_mailing(),
        hidden_for=frozenset({"da_other_state"}),  # another state's authority: absent to it
    ),
    row(
        "POST /invitations/submit",
        COORDINATOR,
        ("DIR-051", "DIR-061", "DIR-046"),
        on_invitation("POST", "/invitations/submit", I.DRAFT, json=lambda i: {"ids": [i]}),
    ),
    row(
        "PATCH /invitations/{invitation_id}",
        COORDINATOR,
        ("DIR-058", "DIR-046"),
        on_invitation(
            "PATCH", "/invitations/{i}", I.DRAFT, json=lambda i: {"personal_message": "Bonjour"}
        ),
    ),
    row(
        "DELETE /invitations/{invitation_id}",
        COORDINATOR,
        ("DIR-058", "DIR-046"),
        on_invitation("DELETE", "/invitations/{i}", I.DRAFT),
    ),
    row(
        "POST /invitations/{invitation_id}/withdraw",
        COORDINATOR,
        ("DIR-069", "DIR-046"),
        on_invitation("POST", "/invitations/{i}/withdraw", I.SENT_AWAITING_REGISTRATION),
    ),
    # DIR-054 / DIR-063 / DIR-064: the Commission helpdesk only.
    row(
        "POST /invitations/{invitation_id}/block",
        {"helpdesk"},
        "DIR-054",
        on_invitation("POST", "/invitations/{i}/block", I.SUBMITTED),
    ),
    row(
        "POST /invitations/{invitation_id}/unblock",
        {"helpdesk"},
        "DIR-064",
        on_invitation("POST", "/invitations/{i}/unblock", I.BLOCKED),
    ),
    # ---------------------------------------------------------------- validation (DIR §3.7)
    row(
        "POST /registrations/{authority_id}/validate",
        COORDINATOR,
        ("DIR-099", "DIR-071"),
        on_self_registered("POST", "/registrations/{a}/validate", json=links),
    ),
    row(
        "POST /registrations/{authority_id}/refuse",
        COORDINATOR,
        ("DIR-100", "DIR-072"),
        on_self_registered("POST", "/registrations/{a}/refuse"),
    ),
    # ---------------------------------------------------------------- search (DIR §3.13)
    # DIR-130: every user searches active authorities...
    row(
        "GET /search/authorities",
        EVERYONE,
        "DIR-130",
        fixed("GET", "/search/authorities", params={"country": "FR"}),
    ),
    # ... DIR-134: only coordinator DAs search by e-mail.
    row(
        "GET /search/authorities",
        COORDINATOR_DAS,
        "DIR-134",
        fixed("GET", "/search/authorities", params={"email": "mairie1@fr.authz.test"}),
        variant=" ?email",
    ),
)


# --------------------------------------------------------------------------- the routes


def app_endpoints() -> set[str]:
    """Every (method, path) of the app, one per value of an enumerated last path parameter
    (`{action}`), as "METHOD /path"."""
    schema = create_app(DirectorySettings()).openapi()
    components = schema.get("components", {}).get("schemas", {})
    found: set[str] = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            variants = [path]
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "path":
                    continue
                spec = parameter["schema"]
                if "$ref" in spec:
                    spec = components[spec["$ref"].rsplit("/", 1)[1]]
                if "enum" in spec:
                    name = "{" + parameter["name"] + "}"
                    variants = [
                        v.replace(name, str(value)) for v in variants for value in spec["enum"]
                    ]
            found |= {f"{method.upper()} {v}" for v in variants}
    return found


def test_dir_authz_matrix_covers_every_endpoint():
    """X-016: every endpoint has its authorization decided (a matrix row) or is public on
    purpose (ANONYMOUS, with its rule) or about the caller's own session (OWN_SESSION); nothing
    else, nothing missing."""
    in_app = app_endpoints() - INFRASTRUCTURE
    decided = {r.endpoint for r in MATRIX} | set(ANONYMOUS) | set(OWN_SESSION)
    assert not (set(ANONYMOUS) | set(OWN_SESSION)) & {r.endpoint for r in MATRIX}
    assert in_app - decided == set(), "endpoints without an authorization row"
    assert decided - in_app == set(), "matrix rows for endpoints the app does not have"
    for r in MATRIX:
        assert set(r.allowed) <= set(ROLES), r.label


def test_dir_096_no_self_service_username_recovery():
    """DIR-096: a forgotten username is given out by an LDA (or the coordinator) outside the
    system; no endpoint hands it out, whether by e-mail or otherwise. The only public routes
    are login and registration (ANONYMOUS), and none of the app's routes recovers usernames."""
    recovery_words = ("username", "forgot", "recover", "remind")
    assert [e for e in app_endpoints() if any(w in e.lower() for w in recovery_words)] == []
    assert all(e.split()[1].startswith(("/auth/", "/registrations")) for e in ANONYMOUS), ANONYMOUS


# --------------------------------------------------------------------------- the tests


async def _world_seed(client, ctx, kit: CredentialKit) -> World:
    nimic_fr = await seed_nimic(ctx, "FR")
    nimic_de = await seed_nimic(ctx, "DE")
    from support import load_authority

    fr = await load_authority(ctx, nimic_fr.authority_id)
    world = World(client, ctx, kit, fr, nimic_de.authority_id, "", "", "")
    # a DIMIC of FR in services, registered by the NIMIC (a coordinator, not the target's)
    dimic, _ = register_authority(
        authority_id="dimic-fr",
        member_state="FR",
        details=AuthorityDetails(
            official_name="Coordination Bretagne", email="dimic@fr.authz.test"
        ),
        legislative_areas=[
            LegislativeAreaSpec(
                la_code=SERVICES,
                admin_role=AdminRole.DIMIC,
                keywords=(KEYWORD,),
                workflows=(
                    WorkflowSpec(workflow=Workflow.REQUESTS, associated_coordinator_ids=(fr.id,)),
                ),
            )
        ],
        registrar=fr,
        actor=world.nimic_actor,
        now=ctx.clock(),
        catalog=catalog_of(ctx),
        coordinators={fr.id: fr},
        others=[fr],
    )
    await save_authority(ctx, dimic)
    world.dimic_fr_id = dimic.id
    world.ca_fr_id = await world.ca()
    world.ca_de_id = await world.ca(
        member_state="DE", registrar=await load_authority(ctx, nimic_de.authority_id)
    )
    return world


@pytest.fixture(scope="module")
async def world(infra, session_topics):
    kit = CredentialKit.for_tests()
    db_name = f"test_authz_{uuid.uuid4().hex[:10]}"
    async with directory_app(infra, session_topics, db_name, clock=MutableClock(), kit=kit) as (
        client,
        ctx,
    ):
        yield await _world_seed(client, ctx, kit)


CASES = [
    pytest.param(r, role, id=f"{r.label}-{role}") for r in MATRIX for role in ("anonymous", *ROLES)
]


async def _send(world: World, request: Req, headers: dict[str, str]):
    return await world.client.request(
        request.method,
        request.path,
        json=request.json,
        files=request.files,
        params=request.params,
        headers=headers,
    )


@pytest.mark.parametrize(("matrix_row", "role"), CASES)
async def test_dir_authz(world: World, matrix_row: Row, role: str):
    allowed = role in matrix_row.allowed
    request = await matrix_row.prepare(world, allowed)
    headers = {} if role == "anonymous" else world.headers(role, request.authority_id)
    response = await _send(world, request, headers)
    shown = f"{response.status_code}: {response.text[:300]}"
    if role == "anonymous":
        assert response.status_code == 401, shown
        assert response.headers.get("WWW-Authenticate", "").startswith("Bearer")
        return
    if matrix_row.nobody is not None:
        assert response.status_code == matrix_row.nobody, shown
        assert response.json()["rule"] in matrix_row.rules, shown
        return
    if allowed:
        # the targets are set up so that the action itself succeeds: more than "not 401/403"
        assert 200 <= response.status_code < 300, shown
        return
    expected = 404 if matrix_row.hidden or role in matrix_row.hidden_for else 403
    assert response.status_code == expected, shown
    assert response.json().get("rule") in matrix_row.rules, shown


@pytest.mark.parametrize("endpoint", sorted(ANONYMOUS))
async def test_dir_authz_anonymous_endpoints_need_no_token(world: World, endpoint: str):
    """X-018 / DIR-073 / DIR-091..DIR-093: public on purpose — an empty body without a token
    is refused for its content (422), never for the missing token."""
    method, path = endpoint.split(" ", 1)
    response = await world.client.request(method, path, json={})
    assert response.status_code == 422, response.text
    body = response.json()  # refused for a missing field, not for the token
    assert body["field"] and body["rule"] != "X-016", response.text
