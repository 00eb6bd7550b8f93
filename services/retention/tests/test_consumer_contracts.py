"""Consumer contracts (X-029, X-054): retention's narrow models of the requests' and the
directory's events accept what their checked-in schemas allow, and know the major each sends.
Read from disk: no import of imi_requests or imi_directory."""

import json
from pathlib import Path

import pytest

from imi_retention.adapters import directory_events as d
from imi_retention.adapters import requests_events as rq
from imi_shared.contracts import check_consumer_model

SERVICES = Path(__file__).resolve().parents[2]
MODELS = [("requests", m) for m in rq.USED] + [("directory", m) for m in d.USED]


def schema(service: str, event_type: str) -> dict:
    path = SERVICES / service / "contract" / "schemas" / f"{event_type}.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("service", "model"), MODELS, ids=lambda v: getattr(v, "event_type", v))
def test_x_029_retention_reads_what_the_producer_sends(service, model):
    problems = check_consumer_model(model, schema(service, model.event_type))
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize(("service", "model"), MODELS, ids=lambda v: getattr(v, "event_type", v))
def test_x_029_retention_knows_the_major_the_producer_sends(service, model):
    produced = schema(service, model.event_type)["x-imi-schema-version"].split(".")[0]
    assert model.schema_version.split(".")[0] == produced


@pytest.mark.parametrize("model", rq.EXPECTED, ids=lambda m: m.event_type)
def test_ret_010_the_report_event_retention_expects_once_requests_publishes_it(model):
    path = SERVICES / "requests" / "contract" / "schemas" / f"{model.event_type}.json"
    if not path.exists():
        pytest.skip(f"requests does not publish {model.event_type} yet (requests-lists)")
    problems = check_consumer_model(model, json.loads(path.read_text(encoding="utf-8")))
    assert not problems, "\n".join(map(str, problems))
