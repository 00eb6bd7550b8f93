"""Domain refusals. Every refusal names the ALR-/X- (or DIR-) rule that forbids the action."""
from __future__ import annotations

import re

_RULE_ID = re.compile(r"^(ALR|X|DIR)-\d{3}$")


class DomainError(Exception):
    """A business rule refused the command. `rule_id` is the spec requirement, e.g. "ALR-031"."""

    def __init__(self, rule_id: str, message: str) -> None:
        if not _RULE_ID.match(rule_id):
            raise ValueError(f"not a spec rule id: {rule_id!r}")
        super().__init__(f"{rule_id}: {message}")
        self.rule_id = rule_id
        self.message = message


class Forbidden(DomainError):
    """Wrong role, right, authority or member state for this action."""


class NoAccess(Forbidden):
    """The user may not see this alert (or this part of it) at all (X-010, X-011)."""


class InvalidState(DomainError):
    """The alert, recipient state or item is not in a status that allows the action."""


class OutsidePeriod(InvalidState):
    """A comment or objection period has not started, or has ended (ALR-043..047)."""


class InvalidInput(DomainError):
    """The command's data breaks a rule (empty justification, unknown state, duplicate...)."""


class NotFound(DomainError):
    """The item, recipient or copy named by the command does not exist on this alert."""
