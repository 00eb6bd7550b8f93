"""HTTP routers and Kafka subscribers of the requests service: thin, input → command."""
