"""MongoDB repositories, read models and the publisher of the notifier service."""
