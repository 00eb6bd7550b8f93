"""Issue 8: the `Authority` aggregate is one model whose rules live in functions that do not
import it, and the domain package has no import cycle and no `TYPE_CHECKING` workaround."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from pydantic import BaseModel

import imi_directory.domain as domain
from imi_directory.domain.authority import Authority

DOMAIN = Path(domain.__file__).parent
GOLDEN = Path(__file__).parent / "golden"

# the modules that build or use whole authorities: registration factories and user creation
AGGREGATE_USERS = {"registration", "self_registration", "user_management"}


def _relative_imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in DOMAIN.glob("*.py"):
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    deps.add(node.module.split(".")[0])
                else:  # `from . import a, b`
                    deps.update(alias.name for alias in node.names)
        graph[path.stem] = deps - {"__init__"}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module, or a self-import (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


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
