"""HTTP routers and Kafka subscribers of the directory service: thin, input → command."""
