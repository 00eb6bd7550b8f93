"""Pure rules and state machines of the requests service (no I/O)."""
