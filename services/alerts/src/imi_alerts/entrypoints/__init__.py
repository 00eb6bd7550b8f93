"""HTTP routers and Kafka subscribers of the alerts service: thin, input → command."""
