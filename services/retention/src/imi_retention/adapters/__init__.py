"""MongoDB repositories and publishers of the retention service."""
