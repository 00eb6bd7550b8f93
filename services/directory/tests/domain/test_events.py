"""Domain events (X-050): names, aggregates, envelope round-trip, no secrets (DIR-042,
DIR-043)."""

from __future__ import annotations

import inspect

import pytest

from imi_directory.domain import events as events_module
from imi_directory.domain.enums import Workflow
from imi_directory.domain.reference import SERVICES
from imi_directory.domain.registration import LegislativeAreaSpec, WorkflowSpec
from imi_shared.envelope import Envelope, Event, EventCatalog

EVENT_CLASSES = [
    cls
    for _, cls in inspect.getmembers(events_module, inspect.isclass)
    if issubclass(cls, Event)
    and cls.__module__ == events_module.__name__
    and not cls.__name__.startswith("_")
    and not cls.__name__.endswith("Facts")  # the in-clear base of an event (RET-004)
]

X_050 = {
    "authority.status_changed",
    "authority.access_changed",
    "authority.parameters_changed",
    "user.created",
    "user.credentials_reset",
    "user.locked_out",
    "user.removed",
    "invitation.status_changed",
    "invitation.dispatch_due",
}


def test_x_050_every_named_event_exists():
    assert X_050 <= {cls.event_type for cls in EVENT_CLASSES}


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda c: c.__name__)
def test_x_050_event_classes_are_past_tense_and_typed(cls):
    assert cls.aggregate_type in {"authority", "user", "invitation", "coordinator"}
    assert cls.event_type.split(".")[0] == cls.aggregate_type
    assert cls.__name__.endswith(("ed", "Due", "Reset", "LockedOut", "Sent"))  # past-tense facts
    assert "member_state" in cls.model_fields


def test_x_050_catalogue_accepts_all_directory_events():
    catalog = EventCatalog(*EVENT_CLASSES)
    assert all(cls.event_type in catalog for cls in EVENT_CLASSES)


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda c: c.__name__)
def test_dir_042_043_no_username_or_password_in_events(cls):
    assert not {
        "username",
        "password",
        "password_hash",
        "temporary_password",
        "security_code",
    } & set(cls.model_fields)


def test_events_round_trip_through_the_envelope(world):
    authority = world.register(
        world.dimic,
        "Mairie de Brest",
        [
            LegislativeAreaSpec(
                la_code=SERVICES,
                keywords=("retail",),
                workflows=(
                    WorkflowSpec(
                        workflow=Workflow.REQUESTS, associated_coordinator_ids=(world.dimic.id,)
                    ),
                ),
            )
        ],
    )
    invitation = world.invite()
    produced = [authority.registered_event(world.da(world.dimic))]
    user = world.first_user(authority)
    produced += user.remove(world.lda(authority), world.now)
    produced += invitation.withdraw(world.da(world.dimic), world.now)
    catalog = EventCatalog(*EVENT_CLASSES)
    for event in produced:
        envelope = Envelope.wrap(
            event, producer="directory", member_state="FR", aggregate_id="x", occurred_at=world.now
        )
        assert catalog.decode(Envelope.from_bytes(envelope.to_bytes())) == event
