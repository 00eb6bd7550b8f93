"""Pure rules and state machines of the directory service (no I/O)."""
