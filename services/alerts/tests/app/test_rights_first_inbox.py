"""X-010 / issue 9 item 11 on a recipient state's copy: a mailbox user without the forwarder
right is refused for the right (403), even on a withdrawn alert whose copy takes no more
recipient changes (which would be a 409 for a forwarder)."""

import pytest


@pytest.mark.parametrize(
    "method, path, body, rule",
    [
        ("POST", "/inbox/{id}/forward", {"authority_ids": ["DE-NOBODY"]}, "ALR-059"),
        ("DELETE", "/inbox/{id}/recipients/DE-A", None, "ALR-026"),
        ("POST", "/inbox/{id}/acknowledge", None, "ALR-022"),
    ],
)
async def test_x_010_a_mailbox_viewer_is_refused_for_the_right_not_the_status(
    api, user, method, path, body, rule
):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    de_inbox = user("DE-INBOX", "forwarder")
    await api.copy(alert_id, de_inbox)
    await api.ok("POST", f"/inbox/{alert_id}/acknowledge", de_inbox)
    await api.ok("POST", f"/inbox/{alert_id}/forward", de_inbox, {"authority_ids": ["DE-A"]})
    reason = {"justification": "The evidence was wrong"}
    await api.ok("POST", f"/alerts/{alert_id}/withdrawal", user("FR-A", "handler"), reason)
    await api.ok("POST", f"/alerts/{alert_id}/withdrawal/broadcast", user("FR-C", "forwarder"))
    await api.copy(alert_id, de_inbox, until=lambda c: c["alert_status"] == "withdrawn")

    url = path.format(id=alert_id)
    as_forwarder = await api.request(method, url, de_inbox, body)
    assert as_forwarder.status_code == 409, as_forwarder.text  # the status refuses a forwarder
    as_viewer = await api.request(method, url, user("DE-INBOX", "viewer"), body)
    assert as_viewer.status_code == 403, as_viewer.text
    assert as_viewer.json()["rule"] == rule
