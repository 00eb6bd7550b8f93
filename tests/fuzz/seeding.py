"""Real data for a deeper fuzz (issue 9): tokens of real users and real ids for path parameters.

Without them nearly every case stopped at 401/403/404. `seed_for(service, app, infra, topics)`
seeds the running app, then the fuzz draws each case's token and path ids from the `Seed`:

- directory: through its own handlers (the demo's `Registry`: the NIMIC, the alerts mailbox and
  a competent authority of FR and of DE, six users, four of them past their first login) and a
  draft invitation; tokens of the NIMICs and the competent authorities' LDAs. Path ids name
  the other users and authorities, so a DELETE drawn early does not remove a token's holder.
- alerts: the directory read model of FR and DE from directory events (as the directory
  publishes them), a draft alert and a broadcast one; tokens of FR/DE authorities, coordinators
  and mailboxes with the alert rights.
- requests and registers: a request (sent FR -> DE) and a register created over their own
  HTTP API; tokens of the sender, the receiver and the register's authority.
- translation: a reader and a Commission translator; real catalogue codes and languages.
- notifier, retention: the broad generic principal (their data arrives through events of
  other services, not seeded here).
"""

from __future__ import annotations

from collections.abc import Callable

from seeds import Seed

from imi_shared.auth import Principal
from imi_shared.topics import Topics
from imi_testkit.apps import bearer


async def seed_for(service: str, app, infra, topics: Topics) -> Seed:
    if service == "directory":
        return await _directory(app)
    if service == "alerts":
        return await _alerts(app, infra, topics)
    if service == "requests":
        await _requests_directory(app, infra, topics)
    if service in ("requests", "registers"):
        return await _over_http(service, app)
    if service == "translation":
        return _translation()
    return Seed()


def _user(user_id: str, authority_id: str, ms: str, **rights: tuple[str, ...]) -> Principal:
    return Principal(
        user_id=user_id,
        username=user_id,
        authority_id=authority_id,
        member_state=ms,
        user_rights={f"services/{workflow}": r for workflow, r in rights.items()},
        local_data_admin=True,
        data_admin_las=("services",),
    )


SENDER = _user("fz-fr", "ca-fr-fuzz", "FR", requests=("request_handler", "request_viewer"))
RECEIVER = _user("fz-de", "ca-de-fuzz", "DE", requests=("request_handler", "request_viewer"))
REQUEST = {
    "la_code": "services",
    "responding_authority_id": RECEIVER.authority_id,
    "question_set_code": "SD-GENERAL",
    "questions": [{"code": "SD-GENERAL.Q1"}],
    "subject": [{"name": "provider_name", "value": "Fuzz Provider"}],
    "send": True,
}
REGISTER = {
    "official_name": "Registre des métiers",
    "informal_name": "Register",
    "informal_name_language": "fr",
    "coverage": "national",
    "register_type": "general",
    "category_codes": ["gen.companies"],
    "owner": {"name": "Owner"},
}


async def _requests_directory(app, infra, topics: Topics) -> None:
    """The sender's and receiver's authorities and their coordinators, from directory events
    (the requests service checks both are active in the LA's workflow, REQ-022)."""
    from imi_testkit.apps import eventually
    from imi_testkit.directory_events import publish_directory_event
    from imi_testkit.directory_events import requests_authority_registered as registered

    events = [
        registered(SENDER.authority_id, "FR", coordinators=("fr-coord-fuzz",)),
        registered("fr-coord-fuzz", "FR", "request_coordinator"),
        registered(RECEIVER.authority_id, "DE", coordinators=("de-coord-fuzz",)),
        registered("de-coord-fuzz", "DE", "request_coordinator"),
    ]
    for envelope in events:
        await publish_directory_event(infra.kafka_bootstrap, topics, envelope)
    db = app.state.runtime.uow.db
    ids = [e.aggregate_id for e in events]

    async def known() -> bool:
        return await db.directory_view.count_documents({"_id": {"$in": ids}}) == len(ids)

    await eventually(known, timeout=30, what="requests directory read model seeded")


async def _over_http(service: str, app) -> Seed:
    import httpx

    path, body, key = {
        "requests": ("/requests", REQUEST, "request_id"),
        "registers": ("/registers", REGISTER, "register_id"),
    }[service]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as http:
        created = await http.post(path, json=body, headers=bearer(SENDER))
    assert created.status_code == 201, created.text
    return Seed(
        tokens=[lambda: bearer(SENDER), lambda: bearer(RECEIVER)],
        ids={key: [created.json()[key]], "authority_id": [SENDER.authority_id]},
    )


def _translation() -> Seed:
    reader = _user("fz-hu", "HU-A", "HU")
    translator = Principal(
        user_id="fz-t", username="fz-t", authority_id="EU-TRL", member_state="EU"
    )
    return Seed(
        tokens=[lambda: bearer(reader), lambda: bearer(translator)],
        ids={"code": ["ANSWER.YES", "ANSWER.NO"], "lang": ["hu", "fr"]},
        query={"lang": ["fr", "en", "hu"]},
    )


async def _directory(app) -> Seed:
    from imi_directory_demo import data
    from imi_directory_demo.registry import Registry
    from imi_directory_demo.seed import demo_kit

    from imi_directory.adapters.authority_repository import AuthorityRepository
    from imi_directory.domain.actors import Actor
    from imi_directory.handlers import invitations
    from imi_directory.handlers import login as login_handlers
    from imi_directory.handlers.invitation_commands import DraftInvitation
    from imi_directory.handlers.login_rules import principal_of

    ctx = app.state.context
    registry = Registry(ctx, demo_kit())
    chosen = {"FR": data.COMPETENT_AUTHORITIES[0], "DE": data.COMPETENT_AUTHORITIES[2]}
    for ms, competent in chosen.items():
        await registry.coordinators_of(ms)
        await registry.competent_authority(competent)
    holders = [f"{ms.lower()}.{who}" for ms in chosen for who in ("nimic", "alerts")]
    holders = [holders[0], chosen["FR"].username, holders[2], chosen["DE"].username]
    principals = []
    for username in holders:
        await login_handlers.first_login(
            ctx,
            registry.kit,
            username,
            data.DEMO_TEMPORARY_PASSWORD,
            data.DEMO_PASSWORD,
            data.DEMO_SECURITY_CODE,
        )
        user = await registry.user(username)
        authority = await ctx.uow.run(
            lambda tx, u=user: AuthorityRepository(tx).find(u.authority_id)
        )
        principals.append(principal_of(user, authority.value))
    others = [await registry.user(f"{ms.lower()}.alerts") for ms in chosen]
    nimic = Actor.user(
        principals[0].user_id, principals[0].authority_id, data_admin_las={"services"}
    )
    draft = await invitations.create_draft(
        ctx, nimic, DraftInvitation(authority_name="Fuzz office", email="fuzz@office.test")
    )
    return Seed(
        tokens=[_issued(ctx.issuer, p) for p in principals],
        ids={
            "authority_id": [f"demo-{ms.lower()}-{k}" for ms in chosen for k in ("alerts", "nimic")]
            + [a.id for a in chosen.values()],
            "user_id": [u.id for u in others],
            "invitation_id": [draft.id],
            "la_code": ["services"],
            "workflow": ["alerts", "requests"],
        },
    )


def _issued(issuer, principal: Principal) -> Callable[[], dict]:
    return lambda: {"Authorization": f"Bearer {issuer.issue(principal)}"}


async def _alerts(app, infra, topics: Topics) -> Seed:
    import httpx

    from imi_alerts_testkit import AlertsApi, eventually, seed_directory, standard_authorities

    authorities = standard_authorities(("FR", "DE"))
    ids = await seed_directory(infra.kafka_bootstrap, topics, authorities)
    db = app.state.runtime.uow.db

    async def known() -> bool:  # the read model follows the topic: a barrier on its documents
        return await db.directory_view.count_documents({"_id": {"$in": ids}}) == len(ids)

    await eventually(known, timeout=30, what="directory read model seeded")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://alerts") as http:
        api = AlertsApi(http)
        draft = (await api.launch(recipients=("DE",)))["alert_id"]
        broadcast = await api.broadcast_new(recipients=("DE",))
    users = [
        ("FR-A", "handler", "viewer"),
        ("FR-C", "forwarder", "handler"),
        ("DE-INBOX", "forwarder", "viewer"),
        ("DE-A", "handler", "viewer"),
    ]
    return Seed(
        tokens=[lambda who=who: bearer(AlertsApi.user(*who)) for who in users],
        ids={"alert_id": [broadcast, draft], "authority_id": ["DE-INBOX", "DE-A", "FR-C"]},
    )
