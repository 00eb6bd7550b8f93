"""MongoDB repository, read model and publisher of the translation service."""
