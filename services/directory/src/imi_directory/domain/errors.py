"""Domain refusals: the kernel's one taxonomy (`imi_shared.errors`). Every refusal names the
DIR-/X- rule it enforces; the class says the HTTP status.

The directory's former names stay as ALIASES only, for the domain modules being rewritten
concurrently (authority*.py, access.py, roles.py, role_changes.py, permissions.py and their
tests); every other module imports the kernel classes. Remove the aliases once those modules
import `imi_shared.errors` too.
"""

from __future__ import annotations

from imi_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation

DomainError = RuleViolation
PermissionDenied = Forbidden  # the actor lacks the role or function
InvalidTransition = Conflict  # not allowed from the current status
PreconditionFailed = Conflict  # the status allows it, a precondition does not hold
InvalidData = InvalidInput  # the data breaks a content rule

__all__ = [
    "Conflict",
    "DomainError",
    "Forbidden",
    "InvalidData",
    "InvalidInput",
    "InvalidTransition",
    "NotFound",
    "PermissionDenied",
    "PreconditionFailed",
    "RuleViolation",
]
