"""Consumer contract (X-029, X-054): retention's narrow model of `alert.status_changed` accepts
what the alerts service's checked-in schema allows. Read from disk: no import of imi_alerts."""

import json
from pathlib import Path

import pytest

from imi_retention.adapters import alerts_events as a
from imi_shared.contracts import check_consumer_model

SCHEMAS = Path(__file__).resolve().parents[2] / "alerts" / "contract" / "schemas"


@pytest.mark.parametrize("model", a.USED, ids=lambda m: m.event_type)
def test_x_029_retention_reads_what_alerts_sends(model):
    schema = json.loads((SCHEMAS / f"{model.event_type}.json").read_text(encoding="utf-8"))
    problems = check_consumer_model(model, schema)
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("model", a.USED, ids=lambda m: m.event_type)
def test_x_029_retention_knows_the_major_alerts_sends(model):
    """A major above the consumer's is dead-lettered (imi_shared.envelope): retention must know
    the one alerts publishes (`alert.status_changed` 2.0, its texts sealed, issue 9)."""
    schema = json.loads((SCHEMAS / f"{model.event_type}.json").read_text(encoding="utf-8"))
    produced = schema["x-imi-schema-version"].split(".")[0]
    assert model.schema_version.split(".")[0] == produced, (model.schema_version, produced)
