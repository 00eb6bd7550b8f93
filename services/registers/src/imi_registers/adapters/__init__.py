"""Adapters of the registers service: the repository, the publisher, the read models."""
