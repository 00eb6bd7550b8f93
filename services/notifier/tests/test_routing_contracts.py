"""Consumer contracts (X-051, X-053): the notifier's narrow models of the requests, alerts and
retention events accept what those services' checked-in schemas allow. Read from disk: no
import of imi_requests, imi_alerts or imi_retention."""

import json
from pathlib import Path

import pytest

from imi_notifier.adapters import alerts_events, requests_events, retention_events
from imi_shared.contracts import check_consumer_model

SERVICES = Path(__file__).resolve().parents[2]


def problems(service, model):
    path = SERVICES / service / "contract" / "schemas" / f"{model.event_type}.json"
    if not path.exists() and service == "retention":
        pytest.skip(f"{path.name} is not on this branch yet (retention-schedules publishes it)")
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["x-imi-schema-version"].split(".")[0] == model.schema_version.split(".")[0]
    return check_consumer_model(model, schema)


@pytest.mark.parametrize("model", requests_events.USED, ids=lambda m: m.event_type)
def test_x_051_notifier_reads_what_requests_sends(model):
    found = problems("requests", model)
    assert not found, "\n".join(map(str, found))


@pytest.mark.parametrize("model", alerts_events.USED, ids=lambda m: m.event_type)
def test_x_051_notifier_reads_what_alerts_sends(model):
    found = problems("alerts", model)
    assert not found, "\n".join(map(str, found))


@pytest.mark.parametrize("model", retention_events.USED, ids=lambda m: m.event_type)
def test_not_043_notifier_reads_retentions_closure_reminder(model):
    found = problems("retention", model)
    assert not found, "\n".join(map(str, found))


@pytest.mark.parametrize("model", retention_events.OBEYED, ids=lambda m: m.event_type)
def test_ret_004_ret_013_notifier_reads_retentions_pd_facts(model):
    found = problems("retention", model)
    assert not found, "\n".join(map(str, found))
