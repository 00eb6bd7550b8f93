"""Issue 9 items 1 and 5: every input of alerts' HTTP API is bounded, and the bound shows in
OpenAPI. Walks every path and query parameter and every request body (through `$ref`s,
unions and nested objects): a string needs `maxLength` (or an enum / const), an array
`maxItems`, a map `maxProperties`. Only non-text scalars (integer, number, boolean, null) need
nothing. Path ids also need a `pattern`."""

from __future__ import annotations

from typing import Any

from imi_alerts.app import create_app
from imi_alerts.settings import AlertsSettings
from imi_alerts_testkit.client import launch_body
from imi_shared.sealing import Sealer
from imi_testkit.keys import InMemoryKeyStore

UNBOUNDED_OK = {"integer", "number", "boolean", "null"}


def _openapi() -> dict[str, Any]:
    return create_app(AlertsSettings(), sealer=Sealer(InMemoryKeyStore())).openapi()


class _Walker:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.problems: list[str] = []

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        seen = 0
        while "$ref" in node and seen < 50:
            target: Any = self.spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node, seen = {**target, **{k: v for k, v in node.items() if k != "$ref"}}, seen + 1
        return node

    def schema(self, where: str, node: dict[str, Any], stack: tuple[str, ...] = ()) -> None:
        ref = node.get("$ref")
        if ref in stack:
            return  # recursive schema: walked once
        stack = (*stack, ref) if ref else stack
        node = self.resolve(node)
        for key in ("anyOf", "oneOf", "allOf"):
            for i, branch in enumerate(node.get(key, ())):
                self.schema(f"{where}|{i}", branch, stack)
        if "enum" in node or "const" in node:
            return
        kind = node.get("type")
        if kind is None:
            if not any(k in node for k in ("anyOf", "oneOf", "allOf")):
                self.problems.append(f"{where}: no type (anything goes)")
            return
        for one in kind if isinstance(kind, list) else [kind]:
            self.typed(where, one, node, stack)

    def typed(self, where: str, kind: str, node: dict[str, Any], stack: tuple[str, ...]) -> None:
        if kind == "string" and "maxLength" not in node:
            self.problems.append(f"{where}: string without maxLength")
        elif kind == "array":
            if "maxItems" not in node:
                self.problems.append(f"{where}: array without maxItems")
            self.schema(f"{where}[]", node.get("items", {}), stack)
        elif kind == "object":
            for name, prop in node.get("properties", {}).items():
                self.schema(f"{where}.{name}", prop, stack)
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):
                if "maxProperties" not in node:
                    self.problems.append(f"{where}: map without maxProperties")
                self.schema(f"{where}{{}}", extra, stack)
                if "propertyNames" not in node:
                    self.problems.append(f"{where}: map keys without maxLength")
            elif extra is True or (extra is None and not node.get("properties")):
                self.problems.append(f"{where}: object open to any property")
        elif kind not in UNBOUNDED_OK | {"string", "array", "object"}:
            self.problems.append(f"{where}: unknown type {kind}")


def unbounded_inputs(spec: dict[str, Any]) -> list[str]:
    walker = _Walker(spec)
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                parameter = walker.resolve(parameter)
                if parameter["in"] not in ("path", "query"):
                    continue  # headers: the bearer token, bounded by the kernel's auth
                name = f"{where} {parameter['in']} {parameter['name']}"
                schema = parameter.get("schema", {})
                walker.schema(name, schema)
                if parameter["in"] == "path" and not _has_pattern(walker, schema):
                    walker.problems.append(f"{name}: path id without pattern")
            body = operation.get("requestBody", {}).get("content", {})
            for media, content in body.items():
                walker.schema(f"{where} body {media}", content.get("schema", {}))
    return walker.problems


def _has_pattern(walker: _Walker, schema: dict[str, Any]) -> bool:
    node = walker.resolve(schema)
    return "pattern" in node or "enum" in node


def test_issue_9_every_input_of_the_alerts_api_is_bounded_in_openapi():
    problems = unbounded_inputs(_openapi())
    assert not problems, "\n".join(problems)


def test_issue_9_the_walker_finds_an_unbounded_string_list_and_map():
    spec = {
        "paths": {
            "/x/{id}": {
                "post": {
                    "parameters": [{"in": "path", "name": "id", "schema": {"type": "string"}}],
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/c/B"}}}},
                }
            }
        },
        "c": {
            "B": {
                "type": "object",
                "properties": {
                    "tags": {"type": "array", "items": {"type": "string", "maxLength": 5}},
                    "seen": {"type": "object", "additionalProperties": {"type": "boolean"}},
                    "n": {"type": "integer"},
                },
            }
        },
    }
    assert sorted(unbounded_inputs(spec)) == sorted(
        [
            "POST /x/{id} path id: string without maxLength",
            "POST /x/{id} path id: path id without pattern",
            "POST /x/{id} body application/json.tags: array without maxItems",
            "POST /x/{id} body application/json.seen: map without maxProperties",
            "POST /x/{id} body application/json.seen: map keys without maxLength",
        ]
    )


async def test_issue_9_an_input_beyond_its_bound_is_a_422_naming_the_field(api, user):
    fr_a = user("FR-A", "handler")
    long_text = {"text": "x" * 20_001, "language": "fr"}
    body = launch_body(coordinator_id="FR-C", recipients=("DE",), description=long_text)
    response = await api.request("POST", "/alerts", fr_a, body)
    assert response.status_code == 422 and "description" in response.text, response.text
    many = launch_body(coordinator_id="FR-C", recipients=["DE"] * 32)
    assert (await api.request("POST", "/alerts", fr_a, many)).status_code == 422
    for bad in ("x" * 201, "..secret", "a%20b"):
        response = await api.request("GET", f"/alerts/{bad}", fr_a)
        assert response.status_code == 422 and "alert_id" in response.text, (bad, response.text)
    long_date = "2026-01-01T00:00:00Z" + " " * 40
    response = await api.request("GET", "/alerts", fr_a, broadcast_from=long_date)
    assert response.status_code == 422 and "broadcast_from" in response.text, response.text
