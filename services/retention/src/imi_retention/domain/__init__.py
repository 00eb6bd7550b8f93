"""Pure rules and state machines of the retention service (no I/O)."""
