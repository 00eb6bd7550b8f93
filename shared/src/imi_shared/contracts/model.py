"""What a service declares it publishes: its contract with the services that consume it.

A service lists, in one place (`imi_<svc>/contract.py`, attribute `CONTRACT`), every event class
it puts on each catalogue topic and how each is keyed and partitioned. The AsyncAPI document and
the JSON Schemas under `services/<svc>/contract/` are generated from it (`make contracts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..envelope import Event
from ..topics import CATALOGUE, TopicSpec

# Where a record's Kafka key or partition comes from: an envelope field, or `payload.<field>`.
MEMBER_STATE = "member_state"


@dataclass(frozen=True)
class Publication:
    """Event classes a service publishes on one topic, with one keying rule.

    `key` and `partition_by` name the envelope's field (`member_state`, the default of
    `Transaction.emit`) or a payload field (`payload.alert_id`). The partition is always the
    fixed index of a participant (`imi_shared.participants.partition_for`).
    """

    topic: str
    events: Sequence[type[Event]]
    key: str = MEMBER_STATE
    partition_by: str = MEMBER_STATE

    def __post_init__(self) -> None:
        spec(self.topic)  # refuse a topic outside the catalogue
        if not self.events:
            raise ValueError(f"publication on {self.topic} lists no event")


@dataclass(frozen=True)
class ServiceContract:
    service: str
    publications: Sequence[Publication] = field(default_factory=tuple)
    version: str = "1.0.0"
    description: str = ""

    @property
    def topics(self) -> list[str]:
        return sorted({p.topic for p in self.publications})

    def messages(self) -> list[tuple[str, Publication, type[Event]]]:
        """(message name, publication, class) for every published event, names unique.

        The name is the event type; an event type published on two topics as two different
        classes is qualified with its topic (`alert.acknowledged_imi.alerts.deliveries`).
        """
        classes: dict[str, set[type[Event]]] = {}
        for pub in self.publications:
            for cls in pub.events:
                classes.setdefault(cls.event_type, set()).add(cls)
        out = []
        seen: set[str] = set()
        for pub in self.publications:
            for cls in pub.events:
                name = cls.event_type
                if len(classes[name]) > 1:
                    name = f"{name}_{pub.topic}"
                if name in seen:
                    raise ValueError(f"{self.service}: message {name} declared twice")
                seen.add(name)
                out.append((name, pub, cls))
        return sorted(out, key=lambda m: m[0])


def spec(topic: str) -> TopicSpec:
    for candidate in CATALOGUE:
        if candidate.base == topic:
            return candidate
    raise KeyError(f"{topic!r} is not in the topic catalogue (imi_shared.topics)")
