"""The principal-status read model on the real local servers (X-054): a service built by
`create_service_app` refuses, within seconds, a token whose user the directory locked out,
from the event on the real topic; with `principal_status` off it has no check."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter

from imi_shared.auth import CurrentPrincipal, Principal
from imi_shared.runtime import create_service_app
from imi_shared.settings import ServiceSettings
from imi_testkit.apps import bearer, eventually, running_app
from imi_testkit.directory_events import access_changed, publish_directory_event, user_locked_out

BOB = Principal(
    user_id="u-bob",
    username="bob",
    authority_id="a-de-1",
    member_state="DE",
    user_rights={"services/requests": ("request_handler",)},
)
router = APIRouter()


@router.get("/whoami")
async def whoami(principal: CurrentPrincipal) -> dict:
    return {"rights": sorted(principal.user_rights)}


class ProbeSettings(ServiceSettings):
    service_name: str = "probe"


def create_app(settings: ProbeSettings):
    return create_service_app(settings, title="probe", routers=[router], run_relay=False)


async def test_x_054_dir_094_lock_out_event_refuses_the_old_token(infra, topics, db_name):
    headers = bearer(BOB)
    async with running_app(create_app, ProbeSettings, infra, topics, db_name) as (_, http):
        assert (await http.get("/whoami", headers=headers)).json() == {
            "rights": ["services/requests"]
        }
        withdrawn = access_changed("a-de-1", "DE", "services", "requests", "removed")
        await publish_directory_event(infra.kafka_bootstrap, topics, withdrawn)

        async def rights_gone():
            return (await http.get("/whoami", headers=headers)).json() == {"rights": []}

        await eventually(rights_gone, what="the removed workflow's rights withdrawn")
        locked = user_locked_out("u-bob", "a-de-1", "DE", at=datetime.now(UTC))
        await publish_directory_event(infra.kafka_bootstrap, topics, locked)

        async def refused():
            return (await http.get("/whoami", headers=headers)).status_code == 401

        await eventually(refused, what="the locked-out user's token refused")
        answer = await http.get("/whoami", headers=headers)
        assert answer.json()["rule"] == "X-016"
        # issued in a later second than the lock-out: wait for the clock to pass it
        await eventually(lambda: _accepted(http), what="a token issued after the lock-out accepted")


async def _accepted(http) -> bool:
    return (await http.get("/whoami", headers=bearer(BOB))).status_code == 200


async def test_x_054_principal_status_off_wires_no_check(infra, topics, db_name):
    async with running_app(
        lambda s: create_app(s.model_copy(update={"principal_status": False})),
        ProbeSettings,
        infra,
        topics,
        db_name,
    ) as (app, _):
        assert app.state.principal_check is None
