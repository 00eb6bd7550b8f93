"""Pure rules of the notifier service (no I/O): who may receive what, and the notification."""
