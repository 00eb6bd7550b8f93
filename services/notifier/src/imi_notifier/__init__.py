"""IMI notifier service."""
