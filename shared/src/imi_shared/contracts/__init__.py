"""Contracts between services: each service's published events, as AsyncAPI 3.0 and JSON Schema.

Regenerate with `make contracts` (or `python -m imi_shared.contracts <service>`); the drift
tests and consumer checks are described in ARCHITECTURE.md ("Contracts between services").
"""

from .asyncapi import asyncapi_document
from .compat import Incompatibility, check_consumer_model, expects
from .files import drift, drift_message, render, write
from .model import MEMBER_STATE, Publication, ServiceContract
from .schemas import envelope_schema, event_schema

__all__ = [
    "MEMBER_STATE",
    "Incompatibility",
    "Publication",
    "ServiceContract",
    "asyncapi_document",
    "check_consumer_model",
    "drift",
    "drift_message",
    "envelope_schema",
    "event_schema",
    "expects",
    "render",
    "write",
]
