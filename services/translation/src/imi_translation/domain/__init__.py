"""Pure rules and state machines of the translation service (no I/O)."""
