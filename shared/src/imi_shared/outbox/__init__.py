"""Transactional outbox: events written with the state change, relayed to Kafka in order."""

from .store import OutboxStore, PendingEvent

__all__ = ["OutboxRelay", "OutboxStore", "PendingEvent", "RelayLease"]


def __getattr__(name: str):
    # The relay pulls in the Kafka client; import it only when asked for.
    if name == "OutboxRelay":
        from .relay import OutboxRelay

        return OutboxRelay
    if name == "RelayLease":
        from ..lease import RelayLease

        return RelayLease
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
