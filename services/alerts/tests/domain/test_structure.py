"""Issue 8: the `Alert` aggregate is one model composed of parts, without an inheritance chain,
and the domain package has no import cycle."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

import imi_alerts.domain as domain
from imi_alerts.domain import Alert
from imi_testkit.structure import import_cycles, module_imports

DOMAIN = Path(domain.__file__).parent
GOLDEN = Path(__file__).parent / "golden"


def _relative_imports() -> dict[str, set[str]]:
    """The domain's modules by short name -> the domain modules each imports."""
    return module_imports(DOMAIN, "imi_alerts.domain")


_cycles = import_cycles


def test_issue_8_the_domain_has_no_import_cycle():
    graph = _relative_imports()
    assert "alert" in graph and "record" in graph["prebroadcast"]
    assert _cycles(graph) == []


def test_issue_8_cycle_finder_sees_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_issue_8_no_type_checking_imports_in_the_domain():
    assert not [p.name for p in DOMAIN.glob("*.py") if "TYPE_CHECKING" in p.read_text()]


def test_issue_8_command_modules_never_import_the_aggregate_root():
    graph = _relative_imports()
    importers = {module for module, deps in graph.items() if "alert" in deps}
    assert importers <= {"visibility", "__init__"}, importers


def test_issue_8_alert_has_no_inheritance_chain():
    assert Alert.__bases__ == (BaseModel,)


def test_issue_8_the_old_mixin_modules_are_gone():
    names = {p.stem for p in DOMAIN.glob("*.py")}
    assert not names & {"state", "closing", "closure", "withdrawing", "withdrawal"}
    assert {"closure_procedure", "closure_proposal", "withdrawal_procedure", "withdrawals"} <= names


def _inline(node, defs):
    """The schema with every `$ref` resolved and titles dropped (the stored shape only)."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(defs[node["$ref"].split("/")[-1]], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k not in ("title", "$defs")}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def test_issue_8_the_json_schema_of_the_stored_state_is_unchanged():
    """`golden/alert_schema.json` is `Alert.model_json_schema()` of the inheritance-chain Alert;
    the parts add named definitions, but with references resolved the stored shape (types,
    properties, required fields, `additionalProperties`) is the same."""
    before = json.loads((GOLDEN / "alert_schema.json").read_text())
    after = Alert.model_json_schema()
    old = _inline(before, before.get("$defs", {}))
    new = _inline(after, after.get("$defs", {}))
    for part in ("deliveries", "items", "closure_proposals", "withdrawals"):
        # the part's own docstring and its default (a factory now, `[]`/`{}` before) are
        # documentation, not shape
        for schema in (old, new):
            schema["properties"][part].pop("description", None)
            schema["properties"][part].pop("default", None)
    assert new == old
