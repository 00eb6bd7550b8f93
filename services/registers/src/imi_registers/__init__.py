"""IMI registers service."""
