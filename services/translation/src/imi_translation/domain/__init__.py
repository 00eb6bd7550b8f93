"""Pure rules of the translation service (no I/O): informal names and their translations."""
