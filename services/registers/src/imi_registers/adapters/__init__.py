"""MongoDB repositories and publishers of the registers service."""
