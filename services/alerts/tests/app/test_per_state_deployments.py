"""Several deployments on one broker (X-001, ARCHITECTURE): France runs its own
(`IMI_MEMBER_STATES=FR`), the central one serves the others (`ALL,-FR`), and the Commission's
view (`commission_view`) keeps every copy without personal data, and a fan-out worker runs as a
process of its own (`serve_inbox` off). The alert stays in France's database; the copies travel
through Kafka; the acknowledgement comes back to France."""

from contextlib import AsyncExitStack

import pytest

from imi_alerts_testkit import seed_directory, standard_authorities

from .conftest import directory_known, fresh_topics, running


@pytest.fixture(scope="module")
async def deployments(infra):
    topics = await fresh_topics(infra)
    authorities = standard_authorities(("FR", "DE", "BE"))
    await seed_directory(infra.kafka_bootstrap, topics, authorities)
    async with AsyncExitStack() as stack:
        france = await stack.enter_async_context(
            running(infra, topics, member_states="FR", fanout_worker=False)
        )
        central = await stack.enter_async_context(
            running(infra, topics, member_states="ALL,-FR", fanout_worker=False)
        )
        commission = await stack.enter_async_context(
            running(infra, topics, commission_view=True, fanout_worker=False)
        )
        worker = await stack.enter_async_context(  # a fan-out worker process, nothing else
            running(infra, topics, serve_inbox=False, fanout_worker=True)
        )
        for deployment in (france, central, commission):
            await directory_known(deployment, [a.authority_id for a in authorities])
        assert await worker.db.directory_view.count_documents({}) == 0
        yield france, central, commission


async def test_x_001_alr_021_alr_022_france_and_the_central_deployment(deployments, user):
    france, central, _ = deployments
    alert_id = await france.api.broadcast_new(recipients=("DE", "BE"), mse="DE")

    de_inbox = user("DE-INBOX", "forwarder")
    copy = await central.api.copy(alert_id, de_inbox)
    assert copy["origin_ms"] == "FR" and copy["personal_data"]["provider"]
    await central.api.ok("POST", f"/inbox/{alert_id}/acknowledge", de_inbox)
    view = await france.api.alert(
        alert_id, user("FR-A"), until=lambda v: v["deliveries"]["DE"]["status"] == "acknowledged"
    )
    assert view["deliveries"]["BE"]["status"] == "awaiting_acknowledgement"
    await central.api.copy(alert_id, de_inbox, until=lambda c: c["pending_actions"] == 0)

    # each deployment holds only its own participants' data
    assert await central.db.alerts.count_documents({"_id": alert_id}) == 0
    assert await france.db.inbox.count_documents({"alert_id": alert_id}) == 1  # FR's copy
    assert await central.db.inbox.count_documents({"alert_id": alert_id}) == 3  # DE, BE, EU
    own = await france.api.copy(alert_id, user("FR-INBOX", "forwarder"))
    assert own["kind"] == "origin_copy"
    misdirected = await france.api.request("GET", "/inbox", de_inbox)
    assert misdirected.status_code == 421 and misdirected.json()["rule"] == "X-001"


async def test_x_011_alr_079_the_commission_view_keeps_every_copy_without_personal_data(
    deployments, user
):
    france, central, commission = deployments
    alert_id = await france.api.broadcast_new(recipients=("DE", "BE"), mse="DE")
    eu = user("EU-COMMISSION", "viewer")
    for ms in ("FR", "DE", "BE", "EU"):
        copy = await commission.api.copy(alert_id, eu, ms)
        assert copy["personal_data"] is None and copy["access"] == "non_personal"
    stored = await commission.db.inbox.find_one({"_id": f"{alert_id}:DE"})
    assert stored["copy"]["sealed_personal_data"] is None
    listed = await commission.api.ok("GET", "/inbox", eu, participant="BE")
    assert alert_id in [c["alert_id"] for c in listed["items"]]
    # the state deployments' copies keep theirs; the Commission there reads only its own
    assert (await central.api.copy(alert_id, user("DE-INBOX", "forwarder")))["personal_data"]
    elsewhere = await central.api.request("GET", f"/inbox/{alert_id}", eu, participant="DE")
    assert (
        elsewhere.status_code == 404 and elsewhere.json()["rule"] == "X-010"
    )  # not yours reads as absent
