"""The placeholder values of a notification's mail (NOT-001): its reference number, links
into IMI, its bounded params and, for the few codes allowed, secrets unsealed at send time."""

from __future__ import annotations

from collections.abc import Mapping

from .notification import Notification

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
    n: Notification, base_url: str, secrets: Mapping[str, str], first_user_note: str = ""
) -> dict[str, str]:
    base = base_url.rstrip("/")
    values = {key: base + path for key, path in PAGES.items()}
    values["link"] = base + (n.link or "/")
    values["ref"] = n.case_ref or ""
    words = CASE_WORDS.get(n.case_type or "", {})
    values["case_word"] = words.get(n.language, words.get("en", ""))
    values.update(n.params)
    values.update(secrets)
    values["first_user_note"] = first_user_note if n.params.get("first_user") == "true" else ""
    return values
