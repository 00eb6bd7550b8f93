"""Registers the demo authorities and users through the directory's handlers, skipping what
already exists (see seed.py)."""

from __future__ import annotations

from imi_directory.adapters import authority_repository, user_repository
from imi_directory.adapters.authority_repository import AuthorityRepository
from imi_directory.adapters.user_repository import UserRepository
from imi_directory.bootstrap import DirectoryContext
from imi_directory.domain.actors import Actor
from imi_directory.domain.enums import AdminRole, AlertWorkflowRole, RequestWorkflowRole, Workflow
from imi_directory.domain.registration import AuthorityDetails, LegislativeAreaSpec, WorkflowSpec
from imi_directory.domain.user_management import UserDetails
from imi_directory.domain.users import User
from imi_directory.handlers import authorities, users
from imi_directory.handlers.commands import RegisterAuthority
from imi_directory.handlers.credential_kit import CredentialKit
from imi_shared.mongo import Transaction

from . import data

SERVICES = "services"


def _ids(ms: str) -> tuple[str, str]:
    return f"demo-{ms.lower()}-nimic", f"demo-{ms.lower()}-alerts"


class Registry:
    def __init__(self, ctx: DirectoryContext, kit: CredentialKit) -> None:
        self.ctx, self.kit = ctx, kit
        self.created_authorities = self.created_users = 0
        self._descriptions: dict[str, str] = {}
        self._usernames: list[str] = []
        self._nimic_da: dict[str, Actor] = {}

    async def coordinators_of(self, ms: str) -> None:
        """The NIMIC (registered by the Commission helpdesk) and the alerts mailbox."""
        country = self.ctx.reference.participant_name(ms, "en")
        nimic_id, alerts_id = _ids(ms)
        helpdesk = Actor.helpdesk("u-demo-seed")
        await self._authority(
            nimic_id,
            helpdesk,
            RegisterAuthority(
                member_state=ms,
                details=self._details(
                    f"NIMIC {country}", f"nimic@{ms}", "National IMI coordinator", ms
                ),
                legislative_areas=[
                    LegislativeAreaSpec(la_code=SERVICES, admin_role=AdminRole.NIMIC)
                ],
            ),
            f"NIMIC of {country} (coordinator data administrator)",
        )
        user_id = await self._user(
            helpdesk, nimic_id, f"{ms.lower()}.nimic", "Demo", f"NIMIC {ms}", data.spoken(ms)[0]
        )
        da = Actor.user(user_id, nimic_id, data_admin_las=frozenset(self.ctx.reference.la_codes()))
        self._nimic_da[ms] = da
        inbox = LegislativeAreaSpec(
            la_code=SERVICES,
            admin_role=AdminRole.LIMIC,
            keywords=self.ctx.reference.keyword_codes_of(SERVICES),
            workflows=(
                WorkflowSpec(
                    workflow=Workflow.ALERTS,
                    is_alert_inbox=True,
                    role=AlertWorkflowRole.ALERT_COORDINATOR,
                ),
                WorkflowSpec(
                    workflow=Workflow.REQUESTS, role=RequestWorkflowRole.REQUEST_COORDINATOR
                ),
            ),
        )
        await self._authority(
            alerts_id,
            da,
            RegisterAuthority(
                member_state=ms,
                details=self._details(
                    f"Services alerts coordinator {country}",
                    f"alerts@{ms}",
                    "Incoming alerts mailbox",
                    ms,
                ),
                legislative_areas=[inbox],
            ),
            f"incoming alerts mailbox of {country} (services alert coordinator)",
        )
        await self._user(
            da, alerts_id, f"{ms.lower()}.alerts", "Demo", f"Alerts {ms}", data.spoken(ms)[0]
        )

    async def competent_authority(self, a: data.DemoAuthority) -> None:
        ms = a.member_state
        nimic_id, alerts_id = _ids(ms)
        areas = [
            LegislativeAreaSpec(
                la_code=la,
                keywords=tuple(f"{la}.{k}" for k in keywords),
                workflows=tuple(
                    WorkflowSpec(
                        workflow=Workflow(w),
                        associated_coordinator_ids=(alerts_id if w == "alerts" else nimic_id,),
                    )
                    for w in a.workflows[la]
                ),
            )
            for la, keywords in a.areas.items()
        ]
        details = AuthorityDetails(
            official_name=a.official_name,
            email=f"{a.slug}@{ms.lower()}.{data.DOMAIN}",
            region=a.region,
            informal_name=a.informal_name,
            informal_name_language=a.informal_name_language,
            spoken_languages=a.spoken_languages or data.spoken(ms),
            nace_codes=a.nace_codes,
            policy_area_codes=a.policy_area_codes,
        )
        await self._authority(
            a.id,
            self._nimic_da[ms],
            RegisterAuthority(member_state=ms, details=details, legislative_areas=areas),
            f"competent authority in {', '.join(a.areas)}",
        )
        await self._user(self._nimic_da[ms], a.id, a.username, *a.user)

    def _details(self, name: str, mailbox: str, informal: str, ms: str) -> AuthorityDetails:
        local, domain = mailbox.split("@")
        return AuthorityDetails(
            official_name=name,
            email=f"{local}@{domain.lower()}.{data.DOMAIN}",
            informal_name=informal,
            informal_name_language="en",
            spoken_languages=data.spoken(ms),
        )

    async def _authority(
        self, authority_id: str, actor: Actor, command: RegisterAuthority, description: str
    ) -> None:
        self._descriptions[authority_id] = description
        found = await self.ctx.uow.run(lambda tx: AuthorityRepository(tx).find(authority_id))
        if found.value is None:
            await authorities.register_authority(
                self.ctx, actor, command, authority_id=authority_id
            )
            self.created_authorities += 1

    async def _user(
        self, actor: Actor, authority_id: str, username: str, first: str, last: str, language: str
    ) -> str:
        self._usernames.append(username)
        existing = await self.user_or_none(username)
        if existing is not None:
            return existing.id
        details = UserDetails(
            first_name=first,
            last_name=last,
            main_language=language,
            email=f"{username}@users.{data.DOMAIN}",
        )
        result = await users.create_user(
            self.ctx,
            self.kit,
            actor,
            authority_id,
            users.CreateUser(details=details, username=username),
        )
        self.created_users += 1
        return result.user.id

    async def user_or_none(self, username: str) -> User | None:
        async def work(tx: Transaction) -> User | None:
            return await UserRepository(tx).by_username(username)

        return (await self.ctx.uow.run(work)).value

    async def user(self, username: str) -> User:
        found = await self.user_or_none(username)
        if found is None:
            raise LookupError(f"demo user {username} was not seeded")
        return found

    def describe(self, authority_id: str) -> str:
        return self._descriptions.get(authority_id, authority_id)

    async def counts(self) -> tuple[int, int]:
        db = self.ctx.uow.db
        authorities_ = await db[authority_repository.COLLECTION].count_documents(
            {"_id": {"$in": sorted(self._descriptions)}}
        )
        users_ = await db[user_repository.COLLECTION].count_documents(
            {"username": {"$in": self._usernames}}
        )
        return authorities_, users_
