"""X-054: authorisation follows the directory's events within seconds, without calling it
(DIR-037 final approval reaches ongoing alerts; ALR-013 suspension and access removal)."""

from imi_alerts_testkit import (
    access_changed,
    eventually,
    launch_body,
    parameters_changed,
    publish_directory_events,
    status_changed,
)


async def publish(world, *envelopes):
    await publish_directory_events(world.settings.kafka_bootstrap, world.topics, envelopes)


async def test_dir_037_alr_019_a_final_approval_change_reaches_a_submitted_alert(world, api, user):
    launcher, fwd = user("FR-DIR-A", "handler"), user("FR-DIR-C", "forwarder")
    alert_id = (
        await api.ok(
            "POST", "/alerts", launcher, launch_body(coordinator_id="FR-DIR-C", recipients=["DE"])
        )
    )["alert_id"]
    await api.ok("POST", f"/alerts/{alert_id}/submit", launcher)
    edit = {"service_activity_code": "N81.21"}
    refused = await api.request("PATCH", f"/alerts/{alert_id}", fwd, edit)
    assert refused.status_code == 403 and refused.json()["rule"] == "ALR-054"

    await publish(world, parameters_changed("FR-DIR-C", "FR", final_approval=True))

    async def forwarder_may_edit():
        return (await api.request("PATCH", f"/alerts/{alert_id}", fwd, edit)).status_code == 200

    await eventually(forwarder_may_edit, what="final approval applied")
    now_refused = await api.request("PATCH", f"/alerts/{alert_id}", launcher, edit)
    assert now_refused.status_code == 403 and now_refused.json()["rule"] == "ALR-054"


async def test_alr_013_a_suspended_authority_launches_no_new_alert(world, api, user):
    body = launch_body(coordinator_id="FR-DIR-C2", recipients=["DE"])
    launcher = user("FR-DIR-A2", "handler")
    alert_id = (await api.ok("POST", "/alerts", launcher, body))["alert_id"]
    await api.ok("POST", f"/alerts/{alert_id}/submit", launcher)
    await publish(world, status_changed("FR-DIR-A2", "FR", "suspended"))

    async def launch_refused():
        response = await api.request("POST", "/alerts", launcher, body)
        return response.status_code == 403 and response.json()["rule"] == "ALR-013"

    await eventually(launch_refused, what="suspension applied")
    # it may continue its ongoing alert (ALR-013, ALR-054) ...
    edit = {"service_activity_code": "N81"}
    assert (await api.ok("PATCH", f"/alerts/{alert_id}", launcher, edit))["status"] == (
        "submitted_for_broadcast"
    )
    # ... until its alerts access is removed
    await publish(world, access_changed("FR-DIR-A2", "FR", "removed"))

    async def nothing_allowed():
        # refused by alerts' own read model (403 ALR-013) or, once the kernel's principal
        # status strips the removed access's rights, the alert is no longer one the
        # user may see: the one answer for "absent or not yours" (404 X-010)
        response = await api.request("PATCH", f"/alerts/{alert_id}", launcher, edit)
        assert response.status_code in (200, 403, 404), response.text
        refusals = {(403, "ALR-013"), (404, "X-010")}
        return (response.status_code, response.json().get("rule")) in refusals

    await eventually(nothing_allowed, what="access removal applied")
