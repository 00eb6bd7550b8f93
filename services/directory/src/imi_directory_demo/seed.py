"""Idempotent demo directory, for `make run` (deploy/local/seed.py) and tests.

For each of the 30 EEA states: its NIMIC (DIR-010; every LA and workflow, horizontal) and its
incoming-alerts mailbox, a services LIMIC that is `alert_coordinator` with `is_alert_inbox`
(DIR-003; the alerts workflow exists only in services, X-004). Then a handful of competent
authorities (data.py), several of them in more than one legislative area, associated with
their NIMIC (requests) and mailbox (alerts) (DIR-027). Every authority gets its first user
(DIR-044: LDA plus every right it can hold, so in each of its LAs).

The Commission is a participant but not an authority: the domain keeps authorities to the EEA
states (X-001) and models the Commission as the helpdesk actor (X-003); the alerts service
delivers the Commission's copy without an inbox. The report gives a helpdesk token instead.

Everything goes through the directory's handlers (registration, users, first login), so the
usual events are emitted and the search projection follows them. Seeding again creates nothing:
ids and usernames are fixed (data.py). Demo credentials are public and hashed with fast
argon2 parameters: refused when IMI_ENVIRONMENT=production.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from imi_directory.adapters.hashing import FAST_TEST_PARAMS, Argon2Passwords
from imi_directory.bootstrap import DirectoryContext
from imi_directory.domain.enums import UserStatus
from imi_directory.domain.users import CredentialStage, LoginOutcome
from imi_directory.handlers import login as login_handlers
from imi_directory.handlers.credential_kit import CredentialKit, TemporaryPassword
from imi_directory.handlers.search_projection import rebuild_search_projection
from imi_directory.reference import default_reference
from imi_directory.settings import DirectorySettings
from imi_shared.auth import Principal, TokenIssuer, load_private_key
from imi_shared.clock import system_clock
from imi_shared.keys import kek_from_settings
from imi_shared.mongo import UnitOfWork, make_client
from imi_shared.participants import EEA_MEMBER_STATES
from imi_shared.sealing import MongoKeyStore, Sealer

from . import data
from .registry import Registry


class DemoKit(CredentialKit):
    """Fast argon2, and the documented demo temporary password instead of a random one."""

    async def temporary_password(self, sealer: Sealer, user_id: str) -> TemporaryPassword:
        return await self.sealed_temporary_password(sealer, user_id, data.DEMO_TEMPORARY_PASSWORD)


def demo_kit() -> DemoKit:
    return DemoKit(passwords=Argon2Passwords(FAST_TEST_PARAMS), code_params=FAST_TEST_PARAMS)


@dataclass
class SeedReport:
    authorities: int = 0
    users: int = 0
    created_authorities: int = 0
    created_users: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)  # (username, description)
    helpdesk_token: str = ""

    def lines(self) -> list[str]:
        out = [
            (
                f"{self.authorities} demo authorities ({self.created_authorities} new), "
                f"{self.users} demo users ({self.created_users} new)"
            ),
            (
                f"demo logins (password {data.DEMO_PASSWORD!r}, security code "
                f"{data.DEMO_SECURITY_CODE!r}; POST /auth/challenge then /auth/login):"
            ),
        ]
        out += [f"  {username:<18} {what}" for username, what in self.logins]
        out.append(
            f"other demo users: first login with temporary password "
            f"{data.DEMO_TEMPORARY_PASSWORD!r} (POST /auth/first-login)"
        )
        out.append(
            f"Commission helpdesk (no authority record, X-003), token valid 15 min: "
            f"{self.helpdesk_token}"
        )
        return out


async def seed_demo(ctx: DirectoryContext, *, rebuild_search: bool = False) -> SeedReport:
    """Seed (or complete) the demo directory. `rebuild_search`: also recompute the search
    projection at once (for a process without the projection's consumer)."""
    if ctx.settings.environment != "local":  # not even in training (known passwords)
        raise RuntimeError(
            "the demo seed runs only where IMI_ENVIRONMENT=local (public demo credentials)"
        )
    registry = Registry(ctx, demo_kit())
    for ms in EEA_MEMBER_STATES:
        await registry.coordinators_of(ms)
    for authority in data.COMPETENT_AUTHORITIES:
        await registry.competent_authority(authority)
    report = SeedReport(
        created_authorities=registry.created_authorities, created_users=registry.created_users
    )
    for username in data.DEMO_LOGINS:
        report.logins.append((username, await _first_login(ctx, registry, username)))
    report.authorities, report.users = await registry.counts()
    report.helpdesk_token = ctx.issuer.issue(
        Principal(
            user_id="u-demo-helpdesk",
            username="demo.helpdesk",
            authority_id="commission-helpdesk",
            member_state="EU",
        )
    )
    if rebuild_search:
        await rebuild_search_projection(ctx.uow, ctx.reference)
    return report


async def _first_login(ctx: DirectoryContext, registry: Registry, username: str) -> str:
    """DIR-092 for a demo login: temporary password → demo password and security code."""
    user = await registry.user(username)
    what = registry.describe(user.authority_id)
    if user.credential_stage is CredentialStage.READY or user.status is not UserStatus.ACTIVE:
        return what
    result = await login_handlers.first_login(
        ctx,
        registry.kit,
        username,
        data.DEMO_TEMPORARY_PASSWORD,
        data.DEMO_PASSWORD,
        data.DEMO_SECURITY_CODE,
    )
    if result.outcome is not LoginOutcome.SUCCESS:
        raise RuntimeError(f"demo first login of {username} failed: {result.outcome}")
    return what


def context_for(settings: DirectorySettings) -> DirectoryContext:
    """A directory context on the given servers, for a process that is not the service (the
    `make run` seed step): same database, key store and signing key as the service. Close its
    client with `await context.uow.client.close()`."""
    client = make_client(settings.mongo_uri)
    issuer = TokenIssuer(
        load_private_key(settings.jwt_private_key_file, settings.environment),
        settings.jwt_issuer,
        ttl=timedelta(minutes=settings.token_ttl_minutes),
    )
    return DirectoryContext(
        settings,
        UnitOfWork(client, settings.db_name),
        settings.topics,
        default_reference(),
        issuer,
        Sealer(MongoKeyStore(client[settings.keys_db_name], kek_from_settings(settings))),
        system_clock,
    )
