"""IMI requests service."""
