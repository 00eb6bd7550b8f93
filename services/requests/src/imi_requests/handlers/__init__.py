"""One function per command (and per consumed event) of the requests service."""
