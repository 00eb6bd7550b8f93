"""X-054 (DIR-094): a token issued before the directory's `user.locked_out` event is refused by
notifier within seconds, from its kernel read model of the directory's events (never a call to
the directory), on the real local servers."""

from __future__ import annotations

from imi_notifier.app import create_app
from imi_notifier.settings import NotifierSettings
from imi_testkit.apps import bearer, running_app
from imi_testkit.directory_events import STATUS_USER_ID, refused_after, status_user, user_locked_out


# who may list an authority's notifications
def headers() -> dict[str, str]:
    """Issued when the test runs (a token issued at collection expires in a long run)."""
    return bearer(status_user(local_data_admin=True))


async def test_x_054_dir_094_locked_out_user_is_refused_with_the_old_token(infra, topics, db_name):
    async with running_app(create_app, NotifierSettings, infra, topics, db_name) as (_, http):
        token = headers()  # issued before the directory event

        def call(http):
            return http.get("/notifications", params={"authority_id": "ca-fr-1"}, headers=token)

        event = user_locked_out(STATUS_USER_ID, "ca-fr-1", "FR")
        refusal = await refused_after(http, infra.kafka_bootstrap, topics, event, call)
    assert refusal.before == 200
    assert refusal.answer["rule"] == "X-016"
    assert "DIR-094" in refusal.answer["error"]
