"""Domain refusals. Every refusal names the DIR-/X- rule it enforces.

The API layer maps the subclasses to HTTP statuses (suggested in `http_status`) and returns the
`rule_id` so the user sees which rule refused the action.
"""

from __future__ import annotations

from imi_shared.errors import RuleViolation


class DomainError(RuleViolation):
    """A refusal by a domain rule. `rule_id` is the spec ID (e.g. "DIR-112", "X-005")."""

    http_status: int = 422
    rule_prefixes = ("DIR", "X")


class PermissionDenied(DomainError):
    """The actor does not hold the role or function the action needs."""

    http_status = 403


class InvalidTransition(DomainError):
    """The action is not allowed from the object's current status."""

    http_status = 409


class PreconditionFailed(DomainError):
    """The status allows the action, but a precondition of the rule does not hold."""

    http_status = 409


class InvalidData(DomainError):
    """The data given breaks a content rule (missing keyword, bad security code...)."""

    http_status = 422


class Conflict(DomainError):
    """A uniqueness rule would be broken (one NIMIC per MS, e-mail already used...)."""

    http_status = 409


class NotFound(DomainError):
    """The aggregate has no such part (e.g. no access to that legislative area)."""

    http_status = 404
