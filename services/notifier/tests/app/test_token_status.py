"""X-054 (DIR-094): a token issued before the directory's `user.locked_out` event is refused by
notifier within seconds, from its kernel read model of the directory's events (never a call to
the directory), on the real local servers."""

from __future__ import annotations

from imi_notifier.app import create_app
from imi_notifier.settings import NotifierSettings
from imi_shared.auth import Principal
from imi_testkit.apps import bearer, running_app
from imi_testkit.directory_events import refused_after, user_locked_out

USER = Principal(
    user_id="u-fr-status",
    username="fr_status",
    authority_id="ca-fr-1",
    member_state="FR",
    local_data_admin=True,  # who may list an authority's notifications
    user_rights={
        "services/requests": ("request_handler",),
        "services/alerts": ("alert_viewer", "alert_handler"),
    },
)
HEADERS = bearer(USER)


async def test_x_054_dir_094_locked_out_user_is_refused_with_the_old_token(infra, topics, db_name):
    async with running_app(create_app, NotifierSettings, infra, topics, db_name) as (_, http):

        def call(http):
            return http.get("/notifications", params={"authority_id": "ca-fr-1"}, headers=HEADERS)

        before = await refused_after(
            http,
            infra.kafka_bootstrap,
            topics,
            user_locked_out("u-fr-status", "ca-fr-1", "FR"),
            call,
        )
        assert before == 200
        answer = await call(http)
    assert answer.json()["rule"] == "X-016"
    assert "DIR-094" in answer.json()["error"]
