"""IMI directory service."""
