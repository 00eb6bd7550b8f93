"""MongoDB repositories and publishers of the requests service."""
