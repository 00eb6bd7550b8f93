"""Consumer contract (X-054): translation's narrow models of the registers' events accept what
the registers' checked-in schemas allow, and those schemas carry the informal name and its
language translation queues (TRL-009, REG-009). Read from disk: translation never imports
imi_registers.
"""

import json
from pathlib import Path

import pytest

from imi_shared.contracts import check_consumer_model
from imi_translation.adapters import register_events as r

SCHEMAS = Path(__file__).resolve().parents[2] / "registers" / "contract" / "schemas"
NAME_FIELDS = ("register_id", "member_state", "informal_name", "informal_name_language")
BOUNDED = ("register_id", "informal_name", "informal_name_language")  # member_state: X-001


def schema_of(model) -> dict:
    return json.loads((SCHEMAS / f"{model.event_type}.json").read_text(encoding="utf-8"))


def max_lengths(side: dict, node: dict) -> set[int | None]:
    """The maxLength of every string a (possibly nullable, $ref'd) property may be."""
    if "$ref" in node:
        node = side["$defs"][node["$ref"].rsplit("/", 1)[1]]
    branches = node.get("anyOf") or [node]
    return {b.get("maxLength") for b in branches if b.get("type") == "string"}


def test_x_054_trl_009_the_checked_in_register_added_decodes():
    """The checked-in `register.added` decodes (a 1.0 one without name fields defaults them:
    nothing queued, `handlers/test_owner_names.py::test_trl_016_a_register_name_without_a_language_is_not_queued`)."""
    problems = check_consumer_model(r.RegisterAdded, schema_of(r.RegisterAdded))
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("model", r.USED, ids=lambda m: m.event_type)
def test_x_054_trl_009_reg_009_the_registers_send_the_name_and_its_language(model):
    schema = schema_of(model)
    problems = check_consumer_model(model, schema)
    assert not problems, "\n".join(map(str, problems))
    theirs_version = tuple(map(int, schema["x-imi-schema-version"].split(".")))
    ours_version = tuple(map(int, model.schema_version.split(".")))
    assert theirs_version[0] == ours_version[0] and theirs_version >= ours_version
    missing = [f for f in NAME_FIELDS if f not in schema["properties"]]
    assert not missing, f"{model.event_type} lacks {missing}"
    consumer = model.model_json_schema(mode="validation")
    for field in BOUNDED:
        ours = max_lengths(consumer, consumer["properties"][field])
        theirs = max_lengths(schema, schema["properties"][field])
        assert theirs and None not in theirs, f"{field}: the producer bounds no length"
        assert max(theirs) <= min(ours - {None}), f"{field}: the producer sends longer strings"
