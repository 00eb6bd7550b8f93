"""X-010 / ALR-080: one answer for "absent or not yours". On every alert and inbox route that
names an alert (listed from the app's OpenAPI, so a new route is covered at once), an alert id
that does not exist and one the caller may not see get the same 404 and the same bytes: the
visibility check runs before any state or input rule (never a 409 or 422 on such an alert)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

PATH_VALUES = {"item": "I1", "authority_id": "DE-A"}


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def example(schema: dict, components: dict) -> Any:
    """A minimal value that passes the schema (required fields only)."""
    schema = _resolve(schema, components)
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        return example(options[0], components)
    if "examples" in schema:
        return schema["examples"][0]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: example(props[k], components) for k in schema.get("required", [])}
    if kind == "array":
        return [example(schema.get("items", {}), components)] * schema.get("minItems", 0)
    if kind == "string":
        if schema.get("pattern") == r"^[a-z]{2}$":
            return "fr"
        return "x" * max(schema.get("minLength", 1), 1)
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        return 1
    return {}


def alert_routes(app) -> list[tuple[str, str, Any]]:
    spec = app.openapi()
    components = spec.get("components", {}).get("schemas", {})
    routes = []
    for path, operations in spec["paths"].items():
        if not re.match(r"^/(alerts|inbox)/\{alert_id\}", path):
            continue
        for method, operation in operations.items():
            body = None
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = example(content["application/json"]["schema"], components)
            routes.append((method.upper(), path, body))
    return routes


def test_the_route_list_covers_reads_commands_and_the_inbox(world):
    routes = {(m, p) for m, p, _ in alert_routes(world.app)}
    assert ("GET", "/alerts/{alert_id}") in routes and ("GET", "/inbox/{alert_id}") in routes
    assert ("POST", "/alerts/{alert_id}/closure/close") in routes
    assert ("DELETE", "/inbox/{alert_id}/recipients/{authority_id}") in routes
    assert len(routes) >= 25


def _path(template: str, alert_id: str) -> str:
    values = {"alert_id": alert_id, **PATH_VALUES}
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)


async def _same_answer(api, who, method: str, template: str, body, hidden_id: str) -> list[str]:
    absent = await api.request(method, _path(template, uuid.uuid4().hex), who, body)
    hidden = await api.request(method, _path(template, hidden_id), who, body)
    problems = []
    if absent.status_code != 404 or hidden.status_code != 404:
        problems.append(f"{method} {template}: {absent.status_code} / {hidden.status_code}")
    if absent.content != hidden.content:
        problems.append(f"{method} {template}: {absent.content!r} != {hidden.content!r}")
    return problems


@pytest.mark.parametrize(
    "stage, callers",
    [
        # a broadcast FR alert to DE and BE: IT takes no part; DE-A2 is not on DE's list
        ("broadcast", [("IT-C", "handler", "forwarder", "viewer"), ("DE-A2", "handler")]),
        # a draft: only the launching authority sees it; the Commission only broadcast ones
        ("draft", [("FR-A2", "handler", "viewer"), ("EU-COMMISSION", "viewer")]),
    ],
)
async def test_x_010_alr_080_absent_and_not_yours_answer_alike(world, api, user, stage, callers):
    if stage == "broadcast":
        alert_id = await api.broadcast_new(recipients=("DE", "BE"), mse="DE")
        await api.copy(alert_id, user("DE-INBOX", "forwarder"))
    else:
        alert_id = (await api.launch())["alert_id"]
    problems = []
    for authority, *rights in callers:
        who = user(authority, *rights)
        for method, template, body in alert_routes(world.app):
            problems += await _same_answer(api, who, method, template, body, alert_id)
    assert not problems, "\n".join(problems)
    # and the alert is untouched: its launcher still sees it as it was
    view = await api.ok("GET", f"/alerts/{alert_id}", user("FR-A", "handler"))
    assert view["overview"]["status"] == stage
