"""The case content of an alert, with its personal-data flags (X-009, X-015, X-023, X-027).

Service-provider fields carry their own `personal_data` flag (from the case schema).
Attachments always count as personal data. Free text records its language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .enums import UNKNOWN_MSE
from .errors import InvalidInput

_LANG = r"^[a-z]{2}$"


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FreeText(_Value):
    """X-023: free text with the language chosen by its author; X-015 confidential marking."""

    text: str = Field(min_length=1)
    lang: str = Field(pattern=_LANG)
    confidential: bool = False


class ProviderField(_Value):
    """One field of the service-provider data. X-009: every field carries the PD flag."""

    code: str = Field(min_length=1)
    value: str
    personal_data: bool = True
    confidential: bool = False  # meaningful for non-personal fields


class Attachment(_Value):
    """X-009: attachments always count as personal data. X-027: optional predefined comment."""

    attachment_id: str = Field(min_length=1)
    filename: str = Field(min_length=1)
    comment_code: str | None = None


class AlertContent(_Value):
    """What the launching authority enters (ALR-006, ALR-014). Immutable; edits replace it."""

    checklist: Mapping[str, bool] = Field(default_factory=dict)
    provider: tuple[ProviderField, ...] = ()
    service_activity_code: str | None = None
    establishment_ms: str = UNKNOWN_MSE  # a member state code or "unknown" (ALR-006)
    description: FreeText | None = None
    attachments: tuple[Attachment, ...] = ()
    recipient_ms: tuple[str, ...] = ()
    suggested_recipients: FreeText | None = None

    def personal_data(self) -> dict[str, Any]:
        """The sealed part: PD-flagged provider fields and every attachment (X-009)."""
        return {
            "provider": [f.model_dump() for f in self.provider if f.personal_data],
            "attachments": [a.model_dump() for a in self.attachments],
        }

    def non_personal_provider(self) -> tuple[ProviderField, ...]:
        return tuple(f for f in self.provider if not f.personal_data)


#: fields a ContentChanges may carry; after broadcast only the two of ALR-034
EDITABLE_FIELDS = (
    "provider",
    "service_activity_code",
    "establishment_ms",
    "description",
    "attachments",
    "recipient_ms",
    "suggested_recipients",
)
CORRECTABLE_AFTER_BROADCAST = frozenset({"provider", "description"})
_CLEARABLE = frozenset({"service_activity_code", "description", "suggested_recipients"})


def require_complete(content: AlertContent) -> None:
    """ALR-014: once submitted, an alert keeps its provider data and case description."""
    if not content.provider or content.description is None:
        raise InvalidInput("ALR-014", "enter the service-provider data and case description")


class ContentChanges(_Value):
    """A partial edit: only the fields that are set change."""

    provider: tuple[ProviderField, ...] | None = None
    service_activity_code: str | None = None
    establishment_ms: str | None = None
    description: FreeText | None = None
    attachments: tuple[Attachment, ...] | None = None
    recipient_ms: tuple[str, ...] | None = None
    suggested_recipients: FreeText | None = None

    def changed_fields(self) -> tuple[str, ...]:
        """Fields explicitly set; `None` counts only for the optional ones (clears them)."""
        return tuple(
            name
            for name in EDITABLE_FIELDS
            if name in self.model_fields_set
            and (getattr(self, name) is not None or name in _CLEARABLE)
        )

    def apply_to(self, content: AlertContent) -> AlertContent:
        return content.model_copy(update={n: getattr(self, n) for n in self.changed_fields()})


def check_checklist(answers: Mapping[str, bool], criteria: Iterable[str]) -> dict[str, bool]:
    """ALR-014: the alert cannot proceed unless every sending criterion is met."""
    required = list(criteria)
    if not required:
        raise InvalidInput("ALR-014", "the checklist of sending criteria is empty")
    unmet = [c for c in required if answers.get(c) is not True]
    if unmet:
        raise InvalidInput(
            "ALR-014", f"every sending criterion must be met; not met: {', '.join(unmet)}"
        )
    return {c: True for c in required}
