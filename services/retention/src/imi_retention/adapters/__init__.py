"""MongoDB repository, consumer models and the publisher of the retention service."""
