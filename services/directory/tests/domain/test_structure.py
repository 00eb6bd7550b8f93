"""Issue 8: the `Authority` aggregate is one model whose rules live in functions that do not
import it, and the domain package has no import cycle and no `TYPE_CHECKING` workaround."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

import imi_directory.domain as domain
from imi_directory.domain.authority import Authority
from imi_testkit.structure import import_cycles, module_imports

DOMAIN = Path(domain.__file__).parent
GOLDEN = Path(__file__).parent / "golden"

# the modules that build or use whole authorities: registration factories and user creation
AGGREGATE_USERS = {"registration", "self_registration", "user_management"}


def _relative_imports() -> dict[str, set[str]]:
    """The domain's modules by short name -> the domain modules each imports."""
    return module_imports(DOMAIN, "imi_directory.domain")


_cycles = import_cycles


def test_issue_8_the_domain_has_no_import_cycle():
    graph = _relative_imports()
    assert {"access", "role_changes", "authority_editing"} <= graph["authority"]
    assert "profile" in graph["permissions"] and "profile" in graph["roles"]
    assert _cycles(graph) == []


def test_issue_8_cycle_finder_sees_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"a"}, "b": set()}) == [["a"]]


def test_issue_8_no_type_checking_imports_in_the_domain():
    assert not [p.name for p in DOMAIN.glob("*.py") if "TYPE_CHECKING" in p.read_text()]


def test_issue_8_rule_modules_never_import_the_aggregate_root():
    graph = _relative_imports()
    importers = {module for module, deps in graph.items() if "authority" in deps}
    assert importers <= AGGREGATE_USERS, importers


def test_issue_8_authority_has_no_mixins():
    assert Authority.__bases__ == (BaseModel,)
    assert Authority.__mro__ == (Authority, BaseModel, object)


def test_issue_8_the_json_schema_of_the_stored_state_is_unchanged():
    """`golden/authority_schema.json` is `Authority.model_json_schema()` of the mixin-based
    aggregate."""
    before = json.loads((GOLDEN / "authority_schema.json").read_text())
    assert Authority.model_json_schema() == before
