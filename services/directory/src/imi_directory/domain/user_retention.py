"""What retention's decisions do to an IMI user's contact data (RET-004, RET-012). Pure.

Locked (the user removed, or its authority inactive), the contact data leaves the user record:
names, e-mail and phone are replaced by neutral values, so no read, list or search can show
them; a sealed copy waits for the deletion, extractable by the helpdesk only to prove an
exchange (RET-004, RET-016). The username stays: it is unique for ever (DIR-082) and is how a
past exchange names its actor.
"""

from __future__ import annotations

from typing import Any

from .users import User

LOCKED = "[locked]"


def contact_of(user: User) -> dict[str, Any]:
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": user.phone,
    }


def has_contact(user: User) -> bool:
    return user.first_name != LOCKED or user.email != locked_email(user.id)


def locked_email(user_id: str) -> str:
    """Unique per user (the active e-mail index, DIR-081), and no address (RFC 2606)."""
    return f"locked.{user_id}@locked.invalid"


def without_contact(user: User) -> User:
    return user.model_copy(
        update={
            "first_name": LOCKED,
            "last_name": LOCKED,
            "email": locked_email(user.id),
            "phone": None,
        }
    )
