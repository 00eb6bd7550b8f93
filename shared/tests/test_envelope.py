"""Event envelope and catalogue: identity, correlation, versions, never guessing."""

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from imi_shared.envelope import (
    Envelope,
    Event,
    EventCatalog,
    InvalidPayload,
    UnknownEventType,
    UnsupportedVersion,
)
from imi_shared.settings import ServiceSettings


class RequestSent(Event):
    event_type = "request.sent"
    schema_version = "1.2"
    aggregate_type = "request"
    subject: str


class RequestSentV2(Event):
    event_type = "request.sent"
    schema_version = "2.0"
    aggregate_type = "request"
    subject: str


def test_wrap_fills_identity_and_keeps_correlation_of_the_cause():
    first = Envelope.wrap(
        RequestSent(subject="a"), producer="requests", member_state="fr", aggregate_id="REQ-1"
    )
    second = Envelope.wrap(
        RequestSent(subject="b"),
        producer="notifier",
        member_state="DE",
        aggregate_id="REQ-1",
        cause=first,
    )
    assert first.member_state == "FR" and first.schema_version == "1.2"
    assert first.occurred_at.tzinfo is not None
    assert first.causation_id is None
    assert second.correlation_id == first.correlation_id
    assert second.causation_id == first.event_id
    assert second.event_id != first.event_id
    assert Envelope.from_bytes(second.to_bytes()) == second


def test_envelope_refuses_unknown_participant_and_naive_time():
    with pytest.raises(ValidationError, match="X-001"):
        Envelope(
            event_type="x",
            schema_version="1.0",
            producer="p",
            member_state="XX",
            aggregate_type="a",
            aggregate_id="1",
        )
    with pytest.raises(ValidationError):
        Envelope(
            event_type="x",
            schema_version="1.0",
            producer="p",
            member_state="FR",
            aggregate_type="a",
            aggregate_id="1",
            occurred_at=datetime(2026, 1, 1),
        )
    with pytest.raises(ValidationError):
        Envelope(
            event_type="x",
            schema_version="v1",
            producer="p",
            member_state="FR",
            aggregate_type="a",
            aggregate_id="1",
            occurred_at=datetime.now(UTC),
        )


def test_catalog_decodes_known_types_and_older_or_equal_versions():
    catalog = EventCatalog(RequestSent)
    env = Envelope.wrap(RequestSent(subject="s"), producer="r", member_state="FR", aggregate_id="1")
    assert catalog.decode(env) == RequestSent(subject="s")
    older = env.model_copy(update={"schema_version": "1.0"})
    assert catalog.decode(older).subject == "s"


def test_catalog_never_guesses():
    catalog = EventCatalog(RequestSent)
    newer = Envelope.wrap(
        RequestSentV2(subject="s"), producer="r", member_state="FR", aggregate_id="1"
    )
    with pytest.raises(UnsupportedVersion, match="2.0"):
        catalog.decode(newer)
    unknown = newer.model_copy(update={"event_type": "request.teleported"})
    with pytest.raises(UnknownEventType):
        catalog.decode(unknown)
    bad = newer.model_copy(update={"schema_version": "1.0", "payload": {"subject": 3}})
    with pytest.raises(InvalidPayload):
        catalog.decode(bad)
    with pytest.raises(ValueError):
        EventCatalog(RequestSent, RequestSentV2)


def test_settings_read_environment_with_local_defaults(monkeypatch):
    assert ServiceSettings().kafka_bootstrap == "127.0.0.1:9092"
    monkeypatch.setenv("IMI_MEMBER_STATES", "fr,DE")
    monkeypatch.setenv("IMI_TOPIC_PREFIX", "training.")
    settings = ServiceSettings()
    assert settings.scope == ("FR", "DE")
    assert settings.topics.alerts_deliveries == "training.imi.alerts.deliveries"
    monkeypatch.setenv("IMI_MEMBER_STATES", "FR,XX")
    with pytest.raises(ValidationError, match="X-001"):
        ServiceSettings()


def test_a_newer_minor_version_with_an_added_field_is_still_understood():
    catalog = EventCatalog(RequestSent)
    env = Envelope.wrap(RequestSent(subject="s"), producer="r", member_state="FR", aggregate_id="1")
    newer_minor = env.model_copy(
        update={"schema_version": "1.7", "payload": {"subject": "s", "priority": "high"}}
    )
    assert catalog.decode(newer_minor) == RequestSent(subject="s")
