"""X-054 (DIR-090): a token issued before the directory's `user.removed` event is refused by
registers within seconds, from its kernel read model of the directory's events (never a call to
the directory), on the real local servers."""

from __future__ import annotations

from imi_registers.app import create_app
from imi_registers.settings import RegistersSettings
from imi_testkit.apps import bearer, running_app
from imi_testkit.directory_events import STATUS_USER_ID, refused_after, status_user, user_removed


def headers() -> dict[str, str]:
    """Issued when the test runs (a token issued at collection expires in a long run)."""
    return bearer(status_user())


async def test_x_054_dir_090_removed_user_is_refused_with_the_old_token(infra, topics, db_name):
    async with running_app(create_app, RegistersSettings, infra, topics, db_name) as (_, http):
        token = headers()  # issued before the directory event

        def call(http):
            return http.get("/authorities/ca-fr-1/managed-registers", headers=token)

        event = user_removed(STATUS_USER_ID, "ca-fr-1", "FR")
        refusal = await refused_after(http, infra.kafka_bootstrap, topics, event, call)
    assert refusal.before == 200
    assert refusal.answer["rule"] == "X-016"
    assert "DIR-090" in refusal.answer["error"]
