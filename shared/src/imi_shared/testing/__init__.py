"""Test support: real Kafka and MongoDB for every test session (never mocks)."""
