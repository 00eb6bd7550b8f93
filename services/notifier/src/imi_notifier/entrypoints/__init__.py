"""HTTP routers and Kafka subscribers of the notifier service: thin, input → handler."""
