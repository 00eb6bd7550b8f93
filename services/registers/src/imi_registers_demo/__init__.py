"""The demo register directory of `make run` (deploy/local/seed_registers.py); not shipped."""
