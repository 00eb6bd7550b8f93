"""The event envelope every service publishes, and the catalogue that decodes typed payloads.

An event is a past-tense fact (`AlertBroadcast`). On the wire it travels inside an `Envelope`
(JSON), with its identity, schema version, producer, participant and correlation ids.
A consumer decodes only the types it registered, and only versions with a major it knows:
anything else is not guessed at and goes to the dead-letter topic.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from .participants import Participant


class Event(BaseModel):
    """Base class of every typed event payload.

    Each event class declares its type, schema version, the aggregate type it is about and
    `aggregate_id_field`, the payload field holding that aggregate's id (the outbox orders an
    aggregate's events by it; consumers key read models on it). Nothing guesses it.
    """

    # Minor versions may add fields: an older consumer ignores them (only a newer major is refused).
    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    schema_version: ClassVar[str] = "1.0"
    aggregate_type: ClassVar[str]
    aggregate_id_field: ClassVar[str | None] = None

    def aggregate_identity(self) -> str:
        field_name = type(self).aggregate_id_field
        if field_name is None:
            raise TypeError(f"{type(self).__name__} declares no aggregate_id_field")
        return str(getattr(self, field_name))


def _now() -> datetime:
    return datetime.now(UTC)


class Envelope(BaseModel):
    model_config = ConfigDict(frozen=True)

    event_id: UUID = Field(default_factory=uuid4)
    event_type: str
    schema_version: str = Field(pattern=r"^\d+\.\d+$")
    occurred_at: AwareDatetime = Field(default_factory=_now)
    producer: str
    member_state: Participant
    aggregate_type: str
    aggregate_id: str
    correlation_id: UUID = Field(default_factory=uuid4)
    causation_id: UUID | None = None
    payload: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def wrap(
        cls,
        event: Event,
        *,
        producer: str,
        member_state: str,
        aggregate_id: str | None = None,
        cause: Envelope | None = None,
        correlation_id: UUID | None = None,
        occurred_at: datetime | None = None,
    ) -> Envelope:
        """Envelope a new event; `cause` is the event being handled, if any (keeps correlation).

        `aggregate_id` defaults to the id the event class declares (`aggregate_id_field`)."""
        return cls(
            event_type=event.event_type,
            schema_version=event.schema_version,
            occurred_at=occurred_at or _now(),
            producer=producer,
            member_state=member_state,
            aggregate_type=event.aggregate_type,
            aggregate_id=aggregate_id if aggregate_id is not None else event.aggregate_identity(),
            correlation_id=correlation_id or (cause.correlation_id if cause else uuid4()),
            causation_id=cause.event_id if cause else None,
            payload=event.model_dump(mode="json"),
        )

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Envelope:
        return cls.model_validate_json(raw)

    @property
    def major(self) -> int:
        return int(self.schema_version.split(".")[0])


class UndecodableEvent(Exception):
    """The event cannot be safely handled; it belongs on the dead-letter topic."""


class UnknownEventType(UndecodableEvent):
    pass


class UnsupportedVersion(UndecodableEvent):
    pass


class InvalidPayload(UndecodableEvent):
    pass


E = TypeVar("E", bound=Event)


class EventCatalog:
    """The event types one consumer understands. Built per service, never global."""

    def __init__(self, *event_classes: type[Event]) -> None:
        self._by_type: dict[str, type[Event]] = {}
        for cls_ in event_classes:
            self.register(cls_)

    def register(self, cls_: type[E]) -> type[E]:
        if cls_.event_type in self._by_type:
            raise ValueError(f"event type {cls_.event_type} registered twice")
        self._by_type[cls_.event_type] = cls_
        return cls_

    def __contains__(self, event_type: str) -> bool:
        return event_type in self._by_type

    def decode(self, envelope: Envelope) -> Event:
        cls_ = self._by_type.get(envelope.event_type)
        if cls_ is None:
            raise UnknownEventType(f"unknown event type {envelope.event_type!r}")
        known_major = int(cls_.schema_version.split(".")[0])
        if envelope.major > known_major:
            raise UnsupportedVersion(
                f"{envelope.event_type} version {envelope.schema_version} is newer than the "
                f"supported {cls_.schema_version}"
            )
        try:
            return cls_.model_validate(envelope.payload)
        except ValidationError as exc:
            raise InvalidPayload(f"{envelope.event_type}: {exc}") from exc
