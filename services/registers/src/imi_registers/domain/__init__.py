"""The registers domain: pure rules, no I/O (REG §6)."""
