"""Entrypoints of the requests service: HTTP routers (`http/`) and Kafka subscribers (`bus`)."""
