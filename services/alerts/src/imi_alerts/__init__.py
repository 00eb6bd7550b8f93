"""IMI alerts service."""
