"""Consumer contract (X-054): the requests service's narrow models of the directory's events
accept what the directory's checked-in schemas allow. Read from disk: never imports
imi_directory."""

import json
from pathlib import Path

import pytest

from imi_requests.adapters import directory_events as d
from imi_shared.contracts import check_consumer_model

SCHEMAS = Path(__file__).resolve().parents[2] / "directory" / "contract" / "schemas"


def producer_schema(event_type: str) -> dict:
    return json.loads((SCHEMAS / f"{event_type}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("model", d.USED, ids=lambda m: m.event_type)
def test_x_054_requests_reads_what_the_directory_sends(model):
    problems = check_consumer_model(model, producer_schema(model.event_type))
    assert not problems, "\n".join(map(str, problems))


def test_dir_030_036_the_parameters_read_are_the_directorys():
    """Every parameter the domain reads is one the directory's workflow state may carry."""
    from dataclasses import fields

    from imi_requests.domain.actors import Parameters

    schema = producer_schema("authority.registered")
    assert schema["$defs"]["WorkflowState"]["properties"]["parameters"]["additionalProperties"] == {
        "type": "boolean"
    }
    directory_src = SCHEMAS.parents[1] / "src/imi_directory/domain/parameters.py"
    text = directory_src.read_text(encoding="utf-8")
    for f in fields(Parameters):
        assert f"{f.name}: bool = {f.default}" in text, f.name
