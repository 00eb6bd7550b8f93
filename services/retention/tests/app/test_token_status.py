"""X-054 (DIR-090): a token issued before the directory's `user.removed` event is refused by
retention within seconds, from its kernel read model of the directory's events (never a call to
the directory), on the real local servers."""

from __future__ import annotations

from imi_retention.app import create_app
from imi_retention.settings import RetentionSettings
from imi_shared.auth import Principal
from imi_testkit.apps import bearer, running_app
from imi_testkit.directory_events import refused_after, user_removed

USER = Principal(
    user_id="u-fr-status",
    username="fr_status",
    authority_id="ca-fr-1",
    member_state="FR",
    user_rights={
        "services/requests": ("request_handler",),
        "services/alerts": ("alert_viewer", "alert_handler"),
    },
)
HEADERS = bearer(USER)


async def test_x_054_dir_090_removed_user_is_refused_with_the_old_token(infra, topics, db_name):
    async with running_app(create_app, RetentionSettings, infra, topics, db_name) as (_, http):

        def call(http):
            return http.get("/retention/records/request/r-1", headers=HEADERS)

        before = await refused_after(
            http, infra.kafka_bootstrap, topics, user_removed("u-fr-status", "ca-fr-1", "FR"), call
        )
        assert before == 404  # authenticated, no such record (not 401)
        answer = await call(http)
    assert answer.json()["rule"] == "X-016"
    assert "DIR-090" in answer.json()["error"]
