"""Consumer contract (X-054): alerts' narrow models of the directory's events accept what the
directory's checked-in schemas allow. Read from disk: alerts never imports imi_directory."""

import copy
import json
from pathlib import Path

import pytest

from imi_alerts.adapters import directory_events as d
from imi_shared.contracts import check_consumer_model

SCHEMAS = Path(__file__).resolve().parents[2] / "directory" / "contract" / "schemas"


def producer_schema(event_type: str) -> dict:
    return json.loads((SCHEMAS / f"{event_type}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("model", d.USED, ids=lambda m: m.event_type)
def test_x_054_alerts_reads_what_the_directory_sends(model):
    problems = check_consumer_model(model, producer_schema(model.event_type))
    assert not problems, "\n".join(map(str, problems))


def test_x_054_a_renamed_producer_field_is_reported():
    schema = copy.deepcopy(producer_schema("authority.access_changed"))
    schema["properties"]["la"] = schema["properties"].pop("la_code")
    schema["required"] = ["la" if f == "la_code" else f for f in schema["required"]]
    problems = [str(p) for p in check_consumer_model(d.AccessChanged, schema)]
    assert problems == ["la_code: required by the consumer, absent from the producer"]


def test_x_054_an_expected_enum_value_removed_by_the_producer_is_reported():
    schema = copy.deepcopy(producer_schema("authority.registered"))
    workflow = schema["$defs"]["Workflow"]
    workflow["enum"] = [v for v in workflow["enum"] if v != d.ALERTS_WORKFLOW]
    problems = [str(p) for p in check_consumer_model(d.AuthorityRegistered, schema)]
    assert problems == [
        "legislative_areas[].workflows[].workflow: consumer expects 'alerts', which the "
        "producer cannot send"
    ]


@pytest.mark.parametrize("enum_name", ["AccessStatus", "AuthorityStatus"])
def test_x_054_dir_006_dir_007_alerts_status_enums_match_the_directorys_schema(enum_name):
    """alerts' AccessStatus / AuthorityStatus are full copies of the directory's (DIR-006,
    DIR-007: alerts reads every value, ALR-013): proven here against the published schema."""
    from imi_alerts.domain import enums

    published = set(producer_schema("authority.registered")["$defs"][enum_name]["enum"])
    ours = {m.value for m in getattr(enums, enum_name)}
    assert ours == published, (ours - published, published - ours)
