"""Kafka subscribers of the directory (thin: event → handler)."""
from imi_shared.runtime import ServiceRuntime


def wire_bus(runtime: ServiceRuntime) -> None:
    """Register the directory's subscribers (case open/close events: planned)."""
