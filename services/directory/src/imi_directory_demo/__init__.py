"""The demo directory of `make run` (deploy/local/seed.py): every EEA state's NIMIC, demo
competent authorities and logins, seeded through the directory's own handlers.

Not part of the directory service: a separate package beside `imi_directory`, left out of the
service's distribution (pyproject `exclude`), importable in the development environment only.
"""
