"""Transactional outbox: events written with the state change, relayed to Kafka in order."""
from .store import OutboxStore, PendingEvent

__all__ = ["OutboxStore", "PendingEvent"]
