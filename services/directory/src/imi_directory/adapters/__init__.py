"""MongoDB repositories and publishers of the directory service."""
