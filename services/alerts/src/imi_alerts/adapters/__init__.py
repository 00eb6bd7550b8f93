"""MongoDB repositories and publishers of the alerts service."""
