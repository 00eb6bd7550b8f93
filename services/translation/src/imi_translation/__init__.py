"""IMI translation service."""
