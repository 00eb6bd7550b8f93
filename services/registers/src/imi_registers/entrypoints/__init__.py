"""HTTP routers and Kafka subscribers of the registers service: thin, input → command."""
