"""Consumer contract (X-051, X-054): the directory's open-cases model of `alert.status_changed`
accepts what the alerts service's checked-in schema allows, and knows its major (2.0 since
alerts seals the justification, issue 9; an older major would dead-letter every event).
Read from disk: no import of imi_alerts."""

import json
from pathlib import Path

from imi_directory.handlers.open_cases import AlertStatusChanged
from imi_shared.contracts import check_consumer_model

SCHEMA = Path(__file__).resolve().parents[2] / "alerts" / "contract" / "schemas"


def _schema() -> dict:
    return json.loads((SCHEMA / "alert.status_changed.json").read_text(encoding="utf-8"))


def test_x_051_the_directory_reads_what_alerts_sends():
    problems = check_consumer_model(AlertStatusChanged, _schema())
    assert not problems, "\n".join(map(str, problems))


def test_x_051_the_directory_knows_the_major_alerts_sends():
    produced = _schema()["x-imi-schema-version"].split(".")[0]
    assert AlertStatusChanged.schema_version.split(".")[0] == produced
