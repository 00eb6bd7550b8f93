"""Errors raised when a code is not in the reference data. Each names the rule it enforces."""

from __future__ import annotations

from imi_shared.participants import UnknownParticipant  # X-001, re-exported

__all__ = [
    "MissingKeyword",
    "UnknownKeyword",
    "UnknownLanguage",
    "UnknownLegislativeArea",
    "UnknownNaceCode",
    "UnknownParticipant",
    "UnknownPolicyArea",
    "UnknownReferenceCode",
    "UnknownWorkflow",
]


class UnknownReferenceCode(ValueError):
    """Base class: a code that the reference data does not know. `rule` is the spec rule ID."""

    rule: str = ""

    def __init__(self, detail: str) -> None:
        super().__init__(f"{self.rule}: {detail}")


class UnknownLegislativeArea(UnknownReferenceCode):
    rule = "X-004"


class UnknownWorkflow(UnknownReferenceCode):
    """The workflow is not configured in that LA (e.g. `alerts` outside services)."""

    rule = "X-004"


class UnknownKeyword(UnknownReferenceCode):
    rule = "DIR-026"


class MissingKeyword(UnknownReferenceCode):
    """An accessible LA was given no keyword (at least one is required)."""

    rule = "DIR-026"


class UnknownNaceCode(UnknownReferenceCode):
    rule = "DIR-025"


class UnknownPolicyArea(UnknownReferenceCode):
    rule = "DIR-025"


class UnknownLanguage(UnknownReferenceCode):
    """Not one of the 24 official EU languages."""

    rule = "X-021"
