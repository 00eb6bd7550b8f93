"""Adapters of the requests service: the repository, the publisher, the read models."""
