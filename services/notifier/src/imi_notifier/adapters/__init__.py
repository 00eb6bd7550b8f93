"""MongoDB repositories and publishers of the notifier service."""
