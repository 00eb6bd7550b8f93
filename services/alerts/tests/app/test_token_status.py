"""X-054 (DIR-090): a token issued before the directory's `user.removed` event is refused by
alerts within seconds, from its kernel read model of the directory's events (never a call to
the directory), on the real local servers."""

from __future__ import annotations

from imi_alerts.app import create_app
from imi_alerts.settings import AlertsSettings
from imi_testkit.apps import bearer, running_app
from imi_testkit.directory_events import STATUS_USER_ID, refused_after, status_user, user_removed


# a Commission user: alerts reads no directory_view document for it
def headers() -> dict[str, str]:
    """Issued when the test runs (a token issued at collection expires in a long run)."""
    return bearer(status_user("commission-helpdesk", "EU"))


async def test_x_054_dir_090_removed_user_is_refused_with_the_old_token(infra, topics, db_name):
    async with running_app(create_app, AlertsSettings, infra, topics, db_name) as (_, http):
        token = headers()  # issued before the directory event

        def call(http):
            return http.get("/alerts", headers=token)

        event = user_removed(STATUS_USER_ID, "commission-helpdesk", "EU")
        refusal = await refused_after(http, infra.kafka_bootstrap, topics, event, call)
    assert refusal.before == 200
    assert refusal.answer["rule"] == "X-016"
    assert "DIR-090" in refusal.answer["error"]
