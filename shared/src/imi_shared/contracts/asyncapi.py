"""One AsyncAPI 3.0 document per service: every topic it publishes (a channel with its Kafka
binding: partition count, retention), every message (the envelope with a typed payload whose
schema is the checked-in JSON Schema file) and how a record is keyed and partitioned."""

from __future__ import annotations

from typing import Any

from ..participants import PARTICIPANTS
from ..topics import TopicSpec
from .model import MEMBER_STATE, Publication, ServiceContract, spec
from .schemas import ENVELOPE_FILE, summary

ASYNCAPI_VERSION = "3.0.0"
KAFKA_BINDING_VERSION = "0.5.0"
SCHEMA_FORMAT = "application/schema+json;version=draft-2020-12"


def schema_file(message_name: str) -> str:
    return f"{message_name}.json"


def _channel_id(topic: str) -> str:
    return topic.replace(".", "-")


def _channel(topic: TopicSpec, message_names: list[str]) -> dict[str, Any]:
    return {
        "address": topic.base,
        "description": f"{topic.doc}. On a shared broker the address carries a prefix "
        f"(imi_shared.topics.Topics.prefix); each topic has a dead-letter companion "
        f"`<address>.dlq`.",
        "messages": {n: {"$ref": f"#/components/messages/{n}"} for n in message_names},
        "bindings": {
            "kafka": {
                "topic": topic.base,
                "partitions": topic.partitions,
                "topicConfiguration": {"retention.ms": topic.retention_ms},
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
        "x-imi-partitioning": {
            "keyed_by_participant": topic.keyed_by_participant,
            "partition": "the index of a participant in `participants` (imi_shared.participants"
            ".partition_for); which participant is named by each message's x-imi-partition-by",
            "participants": list(PARTICIPANTS),
        },
    }


def _field_description(path: str) -> str:
    if path == MEMBER_STATE:
        return "the envelope's member_state (the participant code)"
    return f"the envelope's {path}"


def _message(name: str, pub: Publication, cls) -> dict[str, Any]:
    key: dict[str, Any] = {"type": "string", "description": _field_description(pub.key)}
    if pub.key == MEMBER_STATE:
        key["enum"] = list(PARTICIPANTS)
    return {
        "name": cls.event_type,
        "title": cls.__name__,
        "summary": summary(cls) or cls.event_type,
        "contentType": "application/json",
        "payload": {
            "schemaFormat": SCHEMA_FORMAT,
            "schema": {
                "allOf": [
                    {"$ref": f"schemas/{ENVELOPE_FILE}"},
                    {
                        "type": "object",
                        "properties": {
                            "event_type": {"const": cls.event_type},
                            "schema_version": {"const": cls.schema_version},
                            "aggregate_type": {"const": cls.aggregate_type},
                            "payload": {"$ref": f"schemas/{schema_file(name)}"},
                        },
                    },
                ]
            },
        },
        "bindings": {"kafka": {"key": key, "bindingVersion": KAFKA_BINDING_VERSION}},
        "x-imi-schema-version": cls.schema_version,
        "x-imi-partition-by": _field_description(pub.partition_by),
    }


def asyncapi_document(contract: ServiceContract) -> dict[str, Any]:
    messages = contract.messages()
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for topic in contract.topics:
        names = [name for name, pub, _ in messages if pub.topic == topic]
        cid = _channel_id(topic)
        channels[cid] = _channel(spec(topic), names)
        operations[f"publish-{cid}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{cid}"},
            "messages": [{"$ref": f"#/channels/{cid}/messages/{n}"} for n in names],
        }
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "id": f"urn:open-imi:{contract.service}",
        "info": {
            "title": f"open IMI {contract.service}",
            "version": contract.version,
            "description": contract.description
            or f"Events the {contract.service} service publishes (generated, do not edit).",
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": {name: _message(name, pub, cls) for name, pub, cls in messages}},
    }
