"""Consumer contracts (X-054): the registers service's narrow models of the directory's
authority events and of the translation service's `informal_name.translated` accept what the
producers' checked-in schemas allow (TRL-009). Read from disk: never importing a producer."""

import json
from pathlib import Path

import pytest

from imi_registers.adapters.directory_events import USED
from imi_registers.adapters.translation_events import InformalNameTranslated
from imi_shared.contracts import check_consumer_model

SERVICES = Path(__file__).resolve().parents[2]


def schema(service: str, event_type: str) -> dict:
    path = SERVICES / service / "contract" / "schemas" / f"{event_type}.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("model", USED, ids=lambda m: m.event_type)
def test_x_054_reg_025_the_registers_read_what_the_directory_sends(model):
    problems = check_consumer_model(model, schema("directory", model.event_type))
    assert not problems, "\n".join(map(str, problems))


def test_trl_009_trl_011_the_registers_read_what_translation_sends():
    published = schema("translation", "informal_name.translated")
    problems = check_consumer_model(InformalNameTranslated, published)
    assert not problems, "\n".join(map(str, problems))
    assert "register" in published["properties"]["entity"]["enum"]
