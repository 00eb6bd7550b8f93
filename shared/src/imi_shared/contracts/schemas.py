"""JSON Schemas of the envelope and of each event payload (pydantic's, draft 2020-12)."""

from __future__ import annotations

import inspect
from typing import Any

from ..envelope import Envelope, Event

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ENVELOPE_FILE = "envelope.json"


def summary(cls: type) -> str:
    """The first paragraph of the class's own docstring (not an inherited one), on one line."""
    own_doc = cls.__dict__.get("__doc__") or ""
    return " ".join(inspect.cleandoc(own_doc).split("\n\n")[0].split())


def event_schema(cls: type[Event]) -> dict[str, Any]:
    """The payload schema of one event class, with its identity as `x-imi-*` keywords."""
    schema = cls.model_json_schema(mode="serialization")
    schema["$schema"] = DIALECT
    schema["x-imi-event-type"] = cls.event_type
    schema["x-imi-schema-version"] = cls.schema_version
    schema["x-imi-aggregate-type"] = cls.aggregate_type
    own_doc = cls.__dict__.get("__doc__")
    if own_doc:
        schema["description"] = inspect.cleandoc(own_doc)
    else:
        schema.pop("description", None)
    return schema


def envelope_schema() -> dict[str, Any]:
    schema = Envelope.model_json_schema(mode="serialization")
    schema["$schema"] = DIALECT
    return schema
