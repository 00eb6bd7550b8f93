"""Domain refusals. Every refusal names the ALR-/X- (or DIR-) rule that forbids the action."""

from __future__ import annotations

from imi_shared.errors import RuleViolation


class DomainError(RuleViolation):
    """A business rule refused the command. `rule_id` is the spec requirement, e.g. "ALR-031"."""

    rule_prefixes = ("ALR", "X", "DIR")


class Forbidden(DomainError):
    """Wrong role, right, authority or member state for this action."""

    http_status = 403


class NoAccess(Forbidden):
    """The user may not see this alert (or this part of it) at all (X-010, X-011)."""


class InvalidState(DomainError):
    """The alert, recipient state or item is not in a status that allows the action."""

    http_status = 409


class OutsidePeriod(InvalidState):
    """A comment or objection period has not started, or has ended (ALR-043..047)."""


class InvalidInput(DomainError):
    """The command's data breaks a rule (empty justification, unknown state, duplicate...)."""

    http_status = 422


class NotFound(DomainError):
    """The item, recipient or copy named by the command does not exist on this alert."""

    http_status = 404
