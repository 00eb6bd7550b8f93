"""X-054 (DIR-094): a token issued before the directory's `user.locked_out` event is refused by
translation within seconds, from its kernel read model of the directory's events (never a call to
the directory), on the real local servers."""

from __future__ import annotations

from imi_shared.auth import Principal
from imi_testkit.apps import bearer, running_app
from imi_testkit.directory_events import refused_after, user_locked_out
from imi_translation.app import create_app
from imi_translation.settings import TranslationSettings

USER = Principal(
    user_id="u-fr-status",
    username="fr_status",
    authority_id="ca-fr-1",
    member_state="FR",
    local_data_admin=True,  # TRL-009: who submits the authority's informal name
    user_rights={
        "services/requests": ("request_handler",),
        "services/alerts": ("alert_viewer", "alert_handler"),
    },
)
HEADERS = bearer(USER)


async def test_x_054_dir_094_locked_out_user_is_refused_with_the_old_token(infra, topics, db_name):
    async with running_app(create_app, TranslationSettings, infra, topics, db_name) as (_, http):

        def call(http):  # TRL-009: the LDA submits the authority's informal name
            return http.post(
                "/informal-names",
                json={
                    "entity": "authority",
                    "entity_id": "ca-fr-1",
                    "lang": "fr",
                    "text": "Mairie",
                },
                headers=HEADERS,
            )

        before = await refused_after(
            http,
            infra.kafka_bootstrap,
            topics,
            user_locked_out("u-fr-status", "ca-fr-1", "FR"),
            call,
        )
        assert before == 202
        answer = await call(http)
    assert answer.json()["rule"] == "X-016"
    assert "DIR-094" in answer.json()["error"]
