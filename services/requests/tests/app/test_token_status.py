"""X-054 (DIR-094): a token issued before the directory's `user.locked_out` event is refused by
requests within seconds, from its kernel read model of the directory's events (never a call to
the directory), on the real local servers."""

from __future__ import annotations

from imi_testkit.apps import bearer
from imi_testkit.directory_events import STATUS_USER_ID, refused_after, status_user, user_locked_out


def headers() -> dict[str, str]:
    """Issued when the test runs (a token issued at collection expires in a long run)."""
    return bearer(status_user())


async def test_x_054_dir_094_locked_out_user_is_refused_with_the_old_token(infra, requests_app):
    http, topics = requests_app.http, requests_app.topics
    # the package's one running requests process (tests/app/conftest.py)
    token = headers()  # issued before the directory event

    def call(http):
        return http.get("/requests/incoming", headers=token)

    event = user_locked_out(STATUS_USER_ID, "ca-fr-1", "FR")
    refusal = await refused_after(http, infra.kafka_bootstrap, topics, event, call)
    assert refusal.before == 200
    assert refusal.answer["rule"] == "X-016"
    assert "DIR-094" in refusal.answer["error"]
