"""The placeholder values of a notification's mail (NOT-001): its reference number, links
into IMI, its bounded params and, for the few codes allowed, secrets unsealed at send time."""

from __future__ import annotations

from collections.abc import Mapping

from .codes import PASSWORD_CODES
from .notification import Notification

NOTES = ("N_DIR_FIRST_USER_NOTE", "N_DIR_PASSWORD_FROM_LDA")

CASE_WORDS = {
    "request": {"en": "request", "fr": "demande"},
    "alert": {"en": "alert", "fr": "alerte"},
}
PAGES = {
    "login_link": "/login",
    "learning_link": "/learning",
    "registration_link": "/self-registration",
}


def mail_values(
    n: Notification, base_url: str, secrets: Mapping[str, str], notes: Mapping[str, str]
) -> dict[str, str]:
    """`notes`: catalogue snippets in the mail's language (first-user note, NOT-037; where
    the password comes from when the event carried none, NOT-038)."""
    base = base_url.rstrip("/")
    values = {key: base + path for key, path in PAGES.items()}
    values["link"] = base + (n.link or "/")
    values["ref"] = n.case_ref or ""
    words = CASE_WORDS.get(n.case_type or "", {})
    values["case_word"] = words.get(n.language, words.get("en", ""))
    values.update(n.params)
    values.update(secrets)
    first = n.params.get("first_user") == "true"
    values["first_user_note"] = notes.get("N_DIR_FIRST_USER_NOTE", "") if first else ""
    if n.code in PASSWORD_CODES and "temporary_password" not in secrets:
        values["temporary_password"] = notes.get("N_DIR_PASSWORD_FROM_LDA", "")
    return values
