"""Consumer contract (X-053, X-054): the notifier's narrow models of directory events accept
what the directory's checked-in schemas allow. Read from disk: no import of imi_directory."""

import json
from pathlib import Path

import pytest

from imi_notifier.adapters import directory_events as d
from imi_notifier.adapters import recipient_events as r
from imi_shared.contracts import check_consumer_model

SCHEMAS = Path(__file__).resolve().parents[2] / "directory" / "contract" / "schemas"


@pytest.mark.parametrize("model", d.USED + r.USED, ids=lambda m: m.event_type)
def test_x_053_notifier_reads_what_the_directory_sends(model):
    schema = json.loads((SCHEMAS / f"{model.event_type}.json").read_text(encoding="utf-8"))
    problems = check_consumer_model(model, schema)
    assert not problems, "\n".join(map(str, problems))
