"""Pure rules and state machines of the alerts service (no I/O)."""
