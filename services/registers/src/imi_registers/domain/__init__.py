"""Pure rules and state machines of the registers service (no I/O)."""
