"""Entrypoints of the registers service: HTTP routers (`http/`) and Kafka subscribers (`bus`)."""
