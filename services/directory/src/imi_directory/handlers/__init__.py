"""Command handlers of the directory: one function per command, returning domain events."""
