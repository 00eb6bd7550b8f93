"""Refusals through HTTP name the rule: wrong role or right, wrong authority, wrong member
state, invalid state or input, and a caller whose state another deployment serves (421)."""

import pytest

from imi_alerts_testkit import launch_body

from .conftest import fresh_topics, running


def refused(response, status, rule):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["rule"] == rule, body
    assert body["error"]
    return body


async def awaiting_broadcast(api, user):
    alert_id = (await api.launch())["alert_id"]
    await api.ok("POST", f"/alerts/{alert_id}/submit", user("FR-A", "handler"))
    await api.ok("POST", f"/alerts/{alert_id}/accept", user("FR-C", "forwarder"))
    return alert_id


async def test_alr_090_alr_057_a_handler_cannot_broadcast(api, user):
    alert_id = await awaiting_broadcast(api, user)
    both = user("FR-C", "handler")  # a handler of the right coordinator, without forwarder
    refused(await api.request("POST", f"/alerts/{alert_id}/broadcast", both), 403, "ALR-057")


async def test_alr_053_x_010_another_coordinator_does_not_see_the_alert_it_may_not_accept(
    api, user
):
    alert_id = (await api.launch())["alert_id"]
    await api.ok("POST", f"/alerts/{alert_id}/submit", user("FR-A", "handler"))
    other = user("FR-CFA", "forwarder")  # a forwarder, but of another coordinator
    refused(await api.request("POST", f"/alerts/{alert_id}/accept", other), 404, "X-010")


async def test_alr_022_only_a_mailbox_forwarder_acknowledges(api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    await api.copy(alert_id, user("DE-INBOX", "forwarder"))
    de_c = user("DE-C", "forwarder")  # a coordinator of DE, but not its mailbox
    refused(await api.request("POST", f"/inbox/{alert_id}/acknowledge", de_c), 404, "X-010")
    handler = user("DE-INBOX", "handler")  # the mailbox, without the forwarder right
    refused(await api.request("POST", f"/inbox/{alert_id}/acknowledge", handler), 403, "ALR-022")
    refused(
        await api.request(
            "POST",
            f"/inbox/{alert_id}/forward",
            user("DE-INBOX", "forwarder"),
            {"authority_ids": ["DE-A"]},
        ),
        409,
        "ALR-022",
    )  # ALR-023: acknowledge first


async def test_alr_023_forwarding_stays_within_the_state(api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    await api.copy(alert_id, user("DE-INBOX", "forwarder"))
    await api.ok("POST", f"/inbox/{alert_id}/acknowledge", user("DE-INBOX", "forwarder"))
    refused(
        await api.request(
            "POST",
            f"/inbox/{alert_id}/forward",
            user("DE-INBOX", "forwarder"),
            {"authority_ids": ["BE-A"]},
        ),
        422,
        "ALR-023",
    )


async def test_x_010_a_state_reads_only_its_own_copies(api, user):
    alert_id = await api.broadcast_new(recipients=("DE", "BE"), mse="DE")
    await api.copy(alert_id, user("DE-INBOX", "forwarder"))
    response = await api.request(
        "GET", f"/inbox/{alert_id}", user("DE-INBOX", "forwarder"), participant="BE"
    )
    refused(response, 404, "X-010")
    response = await api.request("GET", f"/alerts/{alert_id}", user("IT-A", "viewer"))
    refused(response, 404, "X-010")  # IT does not take part


async def test_alr_040_only_the_responsible_state_proposes_closure(api, user):
    alert_id = await api.broadcast_new(recipients=("DE", "BE"), mse="DE")
    await api.copy(alert_id, user("BE-INBOX", "forwarder"))
    await api.ok("POST", f"/inbox/{alert_id}/acknowledge", user("BE-INBOX", "forwarder"))
    await api.alert(
        alert_id,
        user("BE-INBOX", "handler"),
        until=lambda v: v["deliveries"]["BE"]["status"] == "acknowledged",
    )
    response = await api.request(
        "POST",
        f"/alerts/{alert_id}/closure",
        user("BE-INBOX", "handler"),
        {"coordinator_id": "BE-INBOX", "text": {"text": "Over", "language": "fr"}},
    )
    refused(response, 403, "ALR-040")


async def test_alr_051_invalid_state_and_alr_014_invalid_input(api, user):
    alert_id = (await api.launch())["alert_id"]
    fr_a = user("FR-A", "handler")
    await api.ok("POST", f"/alerts/{alert_id}/submit", fr_a)
    refused(await api.request("POST", f"/alerts/{alert_id}/submit", fr_a), 409, "ALR-051")
    body = launch_body(coordinator_id="FR-C", recipients=["DE"])
    body["checklist"] = {**body["checklist"], "serious_damage": False}
    refused(await api.request("POST", "/alerts", fr_a, body), 422, "ALR-014")
    body = launch_body(coordinator_id="DE-C", recipients=["DE"])  # a coordinator of DE
    refused(await api.request("POST", "/alerts", fr_a, body), 422, "ALR-014")
    refused(await api.request("GET", "/alerts/no-such-alert", fr_a), 404, "X-010")


async def test_a_malformed_body_is_refused_in_the_kernels_error_shape(api, user):
    """Schema errors come in the kernel's ErrorBody: rule "schema" and the dotted field."""
    body = launch_body(coordinator_id="FR-C", recipients=["DE"])
    body["description"] = {"text": "x", "language": 3}
    answer = refused(
        await api.request("POST", "/alerts", user("FR-A", "handler"), body), 422, "schema"
    )
    assert answer["field"].startswith("description"), answer


@pytest.mark.parametrize(
    "authority, rule",
    [
        ("FR-SUSP", "ALR-013"),  # suspended authority: no new alert
        ("FR-NONE", "ALR-008"),  # no role in the alerts workflow
        ("FR-UNKNOWN", "X-054"),  # not in this deployment's directory read model
    ],
)
async def test_alr_013_alr_008_x_054_who_may_launch(api, user, authority, rule):
    body = launch_body(coordinator_id="FR-C", recipients=["DE"])
    refused(await api.request("POST", "/alerts", user(authority, "handler"), body), 403, rule)


async def test_x_016_a_token_is_required(api):
    response = await api.http.get("/alerts")
    assert response.status_code == 401 and response.json()["rule"] == "X-016"


async def test_x_001_a_caller_of_a_state_served_elsewhere_gets_421(infra, user):
    topics = await fresh_topics(infra)
    async with running(infra, topics, member_states="FR,DE", fanout_worker=False) as fr_de:
        for method, path in (("GET", "/alerts"), ("POST", "/alerts"), ("GET", "/inbox")):
            response = await fr_de.api.request(method, path, user("BE-A", "handler"), {})
            refused(response, 421, "X-001")
        response = await fr_de.api.request(
            "GET", "/inbox", user("DE-INBOX", "forwarder"), participant="BE"
        )
        refused(response, 421, "X-001")
