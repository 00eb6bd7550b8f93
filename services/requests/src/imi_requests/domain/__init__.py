"""The requests domain: pure rules, no I/O (REQ §4)."""
