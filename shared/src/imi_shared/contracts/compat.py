"""Consumer contract checks: does a consumer's narrow model accept what the producer sends?

The consumer's model is compared with the producer's checked-in JSON Schema, field by field and
recursively (objects, arrays, maps, unions). Reported:
- a field the consumer requires that the producer does not have, or does not require;
- a type the producer may send that the consumer does not accept (null included);
- an enum value the consumer expects (its own enum, or `expects(...)` on a plain `str` field)
  that the producer cannot send, and a producer enum value a consumer enum cannot parse.
Fields the producer has and the consumer ignores are fine: consumers ignore extra fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

EXPECTS = "x-consumer-expects"
_SCALARS = ("string", "integer", "number", "boolean", "null", "object", "array")


def expects(*values: str) -> dict[str, Any]:
    """`Field(json_schema_extra=expects("active"))`: values of a plain `str` field that the
    consumer relies on (compares with); the producer must be able to send each of them."""
    return {EXPECTS: sorted(values)}


@dataclass(frozen=True)
class Incompatibility:
    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


class _Side:
    """One schema document, resolving its local `$ref`s."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.root
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            extra = {k: v for k, v in node.items() if k != "$ref"}
            node = {**target, **extra}
        return node

    def branches(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        node = self.resolve(node)
        alternatives = node.get("anyOf") or node.get("oneOf")
        if not alternatives:
            return [node]
        out = []
        for alternative in alternatives:
            out.extend(self.branches(alternative))
        return out


def _types(node: dict[str, Any]) -> set[str]:
    if "type" in node:
        declared = node["type"]
        return set(declared if isinstance(declared, list) else [declared])
    values = node.get("enum", []) + ([node["const"]] if "const" in node else [])
    if values:
        return {_json_type(v) for v in values}
    return set(_SCALARS)  # no constraint: anything


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _values(node: dict[str, Any]) -> set[Any] | None:
    if "const" in node:
        return {node["const"]}
    return set(node["enum"]) if "enum" in node else None


class _Checker:
    def __init__(self, consumer: dict[str, Any], producer: dict[str, Any]) -> None:
        self.c, self.p = _Side(consumer), _Side(producer)
        self.found: list[Incompatibility] = []

    def report(self, path: str, problem: str) -> None:
        self.found.append(Incompatibility(path or "(root)", problem))

    def value(self, path: str, consumer: dict[str, Any], producer: dict[str, Any]) -> None:
        c_branches, p_branches = self.c.branches(consumer), self.p.branches(producer)
        for p_node in p_branches:
            p_types = _types(p_node)
            matches = [c for c in c_branches if _accepts(_types(c), p_types)]
            if not matches:
                accepted = sorted(set().union(*(_types(c) for c in c_branches)))
                self.report(
                    path, f"producer may send {sorted(p_types)}, consumer accepts {accepted}"
                )
                continue
            self.one(path, matches[0], p_node)
        self.expected(path, c_branches, p_branches)

    def expected(self, path: str, c_branches: list, p_branches: list) -> None:
        wanted: set[Any] = set()
        for c_node in c_branches:
            wanted |= set(c_node.get(EXPECTS, [])) | (_values(c_node) or set())
        if not wanted:
            return
        sendable: set[Any] = set()
        for p_node in p_branches:
            values = _values(p_node)
            if values is None:
                return  # an unconstrained producer value may be anything expected
            sendable |= values
        for missing in sorted(wanted - sendable, key=str):
            self.report(path, f"consumer expects {missing!r}, which the producer cannot send")

    def one(self, path: str, c_node: dict[str, Any], p_node: dict[str, Any]) -> None:
        c_values, p_values = _values(c_node), _values(p_node)
        if c_values is not None:
            if p_values is None:
                self.report(
                    path,
                    f"consumer only parses {sorted(c_values, key=str)}, the "
                    "producer may send any value",
                )
            for value in sorted((p_values or set()) - c_values, key=str):
                self.report(path, f"producer may send {value!r}, which the consumer cannot parse")
        if "format" in c_node and c_node["format"] != p_node.get("format"):
            self.report(
                path,
                f"consumer needs format {c_node['format']}, producer sends "
                f"{p_node.get('format', 'any string')}",
            )
        if "properties" in c_node:
            self.object(path, c_node, p_node)
        if "items" in c_node and "items" in p_node:
            self.value(f"{path}[]", c_node["items"], p_node["items"])
        c_map, p_map = c_node.get("additionalProperties"), p_node.get("additionalProperties")
        if isinstance(c_map, dict) and isinstance(p_map, dict):
            self.value(f"{path}{{}}", c_map, p_map)

    def object(self, path: str, c_node: dict[str, Any], p_node: dict[str, Any]) -> None:
        p_props, p_required = p_node.get("properties", {}), set(p_node.get("required", []))
        for name, c_prop in sorted(c_node["properties"].items()):
            where = f"{path}.{name}" if path else name
            required = name in c_node.get("required", [])
            if name not in p_props:
                if required:
                    self.report(where, "required by the consumer, absent from the producer")
                continue
            if required and name not in p_required:
                self.report(where, "required by the consumer, optional at the producer")
            self.value(where, c_prop, p_props[name])


def _accepts(consumer_types: set[str], producer_types: set[str]) -> bool:
    widened = consumer_types | ({"integer"} if "number" in consumer_types else set())
    return producer_types <= widened


def check_consumer_model(
    consumer_model: type[BaseModel], producer_json_schema: dict[str, Any]
) -> list[Incompatibility]:
    """Every way `consumer_model` may fail on (or misread) what the producer's schema allows."""
    consumer = consumer_model.model_json_schema(mode="validation")
    checker = _Checker(consumer, producer_json_schema)
    checker.value("", consumer, producer_json_schema)
    return checker.found
