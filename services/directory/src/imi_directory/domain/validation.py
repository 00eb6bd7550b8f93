"""Small pure checks shared by several aggregates."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


def normalize_email(email: str) -> str:
    """E-mail addresses are compared case-insensitively and without surrounding blanks."""
    return email.strip().lower()


def is_valid_email(email: str) -> bool:
    """A plain format check (DIR-009 `email_invalid`, DIR-047 "a valid authority e-mail")."""
    return bool(_EMAIL.match(email.strip()))
