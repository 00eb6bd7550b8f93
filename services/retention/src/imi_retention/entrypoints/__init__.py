"""HTTP routers and Kafka subscribers of the retention service: thin, input → handler."""
