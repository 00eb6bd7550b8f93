"""X-001 tenancy: a deployment serves only the participants in its scope (IMI_MEMBER_STATES)."""

from __future__ import annotations

from imi_shared.errors import RuleViolation

from ..settings import AlertsSettings


class OutOfScope(RuleViolation):
    """The participant is served by another deployment (HTTP 421 Misdirected Request)."""

    http_status = 421


def require_in_scope(settings: AlertsSettings, participant: str, *, what: str = "") -> None:
    if participant not in settings.scope:
        raise OutOfScope(
            "X-001",
            f"{participant}{what} is not served by this deployment "
            f"(it serves {','.join(settings.scope)})",
        )
