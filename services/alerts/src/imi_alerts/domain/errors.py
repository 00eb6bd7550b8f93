"""Domain refusals: the kernel's taxonomy (`imi_shared.errors`), refined where alerts needs it.
Every refusal names the ALR-/X- (or DIR-) rule that forbids the action.

    Forbidden     403  wrong role, right, authority or member state for this action
    NotFound      404  the item, recipient or copy named does not exist on this alert
    Conflict      409  the alert, recipient state or item is not in a status that allows it
    InvalidInput  422  the command's data breaks a rule (empty justification, unknown state...)
"""

from __future__ import annotations

from imi_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation

#: Every refusal of the alerts service (the kernel's base; kept as the domain's name for it).
DomainError = RuleViolation


class NoAccess(Forbidden):
    """The user may not see this alert (or this part of it) at all (X-010, X-011)."""


class AlertUnknown(NotFound):
    """X-010 / ALR-080: no such alert -- or one the caller may not see. Both get this one
    answer (the same 404, the same bytes: no id, no reason), before any state or input rule."""

    def __init__(self) -> None:
        super().__init__("X-010", "no such alert (or not one the caller may see)")


class OutsidePeriod(Conflict):
    """A comment or objection period has not started, or has ended (ALR-043..047)."""


__all__ = [
    "AlertUnknown",
    "Conflict",
    "DomainError",
    "Forbidden",
    "InvalidInput",
    "NoAccess",
    "NotFound",
    "OutsidePeriod",
]
