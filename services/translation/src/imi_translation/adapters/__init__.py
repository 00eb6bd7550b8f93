"""MongoDB repositories and publishers of the translation service."""
