"""HTTP routers and Kafka subscribers of the translation service: thin, input → handler."""
