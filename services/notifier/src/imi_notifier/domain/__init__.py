"""Pure rules and state machines of the notifier service (no I/O)."""
