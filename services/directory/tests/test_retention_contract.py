"""Consumer contract (X-052): the directory's narrow models of retention's events
accept what retention's checked-in schemas allow. Read from disk: never imports imi_retention."""

import json
from pathlib import Path

import pytest

from imi_directory.adapters import retention_events as r
from imi_shared.contracts import check_consumer_model

SCHEMAS = Path(__file__).resolve().parents[2] / "retention" / "contract" / "schemas"


@pytest.mark.parametrize("model", r.USED, ids=lambda m: m.event_type)
def test_x_052_directory_reads_what_retention_sends(model):
    schema = json.loads((SCHEMAS / f"{model.event_type}.json").read_text(encoding="utf-8"))
    problems = check_consumer_model(model, schema)
    assert not problems, "\n".join(map(str, problems))
