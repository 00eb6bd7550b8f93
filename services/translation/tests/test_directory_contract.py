"""Consumer contract (X-054): translation's narrow models of the directory's events accept
what the directory's checked-in schemas allow. Read from disk: translation never imports
imi_directory (TRL-009)."""

import json
from pathlib import Path

import pytest

from imi_shared.contracts import check_consumer_model
from imi_translation.adapters import directory_events as d

SCHEMAS = Path(__file__).resolve().parents[2] / "directory" / "contract" / "schemas"


@pytest.mark.parametrize("model", d.USED, ids=lambda m: m.event_type)
def test_x_054_trl_009_translation_reads_what_the_directory_sends(model):
    schema = json.loads((SCHEMAS / f"{model.event_type}.json").read_text(encoding="utf-8"))
    problems = check_consumer_model(model, schema)
    assert not problems, "\n".join(map(str, problems))
    assert "informal_name" in schema["properties"] or "changes" in schema["properties"]
