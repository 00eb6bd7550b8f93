"""Request and response bodies of the alerts HTTP API (JSON).

Every string and list of a request body is bounded (issue 9 items 1 and 5), so a body can
neither stall the outbox (an oversized event) nor the database; the bounds show in OpenAPI
(`tests/app/test_openapi_bounds.py`). Free texts take up to `MAX_TEXT` characters, as a copy's
content does (`copies.distributed`); ids and codes up to `MAX_ID`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ...copies.distributed import MAX_TEXT
from ...domain import AdditionalInfoType, Alert, Attachment, ContentChanges, FreeText, ProviderField

MAX_ID = 200
MAX_STATE = 16  # a member state code, `unknown`, with spaces the service trims
MAX_FILES = 100  # attachments per alert or item
Id = Annotated[str, StringConstraints(max_length=MAX_ID)]
StateCode = Annotated[str, StringConstraints(max_length=MAX_STATE)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextIn(Body):
    """Free text with its language (X-023) and the confidential marking (X-015)."""

    text: str = Field(min_length=1, max_length=MAX_TEXT)
    language: str = Field(pattern=r"^[a-z]{2}$", max_length=2, examples=["fr"])
    confidential: bool = False

    def domain(self) -> FreeText:
        return FreeText(text=self.text, lang=self.language, confidential=self.confidential)


class ProviderFieldIn(Body):
    code: str = Field(min_length=1, max_length=MAX_ID, examples=["name"])
    value: str = Field(max_length=MAX_TEXT)
    personal_data: bool = True
    confidential: bool = False


class AttachmentIn(Body):
    attachment_id: str = Field(min_length=1, max_length=MAX_ID)
    filename: str = Field(min_length=1, max_length=255)
    comment_code: str | None = Field(default=None, max_length=MAX_ID)


class ContentIn(Body):
    """Alert content; in a PATCH only the fields sent change (null clears an optional one)."""

    provider: list[ProviderFieldIn] | None = Field(default=None, max_length=200)
    service_activity_code: str | None = Field(default=None, max_length=MAX_ID)
    establishment_ms: str | None = Field(
        default=None, max_length=MAX_STATE, examples=["DE", "unknown"]
    )
    description: TextIn | None = None
    attachments: list[AttachmentIn] | None = Field(default=None, max_length=MAX_FILES)
    recipient_states: list[StateCode] | None = Field(default=None, max_length=31)
    suggested_recipients: TextIn | None = None
    coordinator_id: str | None = Field(default=None, max_length=MAX_ID)

    def changes(self) -> ContentChanges:
        values: dict[str, Any] = {}
        sent = self.model_fields_set
        if "provider" in sent and self.provider is not None:
            values["provider"] = tuple(ProviderField(**f.model_dump()) for f in self.provider)
        if "attachments" in sent and self.attachments is not None:
            values["attachments"] = tuple(Attachment(**a.model_dump()) for a in self.attachments)
        if "recipient_states" in sent and self.recipient_states is not None:
            values["recipient_ms"] = tuple(ms.strip().upper() for ms in self.recipient_states)
        if "establishment_ms" in sent and self.establishment_ms is not None:
            mse = self.establishment_ms.strip()
            values["establishment_ms"] = mse if mse == "unknown" else mse.upper()
        for name in ("description", "suggested_recipients"):
            if name in sent:
                text = getattr(self, name)
                values[name] = text.domain() if text is not None else None
        if "service_activity_code" in sent:
            values["service_activity_code"] = self.service_activity_code
        return ContentChanges(**values)


class LaunchIn(ContentIn):
    checklist: dict[Id, bool] = Field(
        max_length=100,
        examples=[
            {
                "serious_damage": True,
                "own_or_other_territory": True,
                "not_covered_by_other_mechanism": True,
            }
        ],
    )


class ForwardIn(Body):
    coordinator_id: str = Field(max_length=MAX_ID)
    justification: str = Field(max_length=MAX_TEXT)


class BroadcastIn(Body):
    recipient_states: Annotated[list[StateCode], Field(max_length=31)] | Literal["ALL"] | None = (
        None
    )


class MemberStateIn(Body):
    member_state: str = Field(max_length=MAX_STATE)


class EstablishmentIn(Body):
    establishment_ms: str = Field(max_length=MAX_STATE, examples=["DE", "unknown"])


class InformationIn(Body):
    info_type: AdditionalInfoType = AdditionalInfoType.INFORMATION
    text: TextIn
    coordinator_id: str = Field(max_length=MAX_ID)
    attachments: list[AttachmentIn] = Field(default=[], max_length=MAX_FILES)
    # clarification requests (ALR-004)
    addressed_to_ms: str | None = Field(default=None, max_length=MAX_STATE)


class InformationEditIn(Body):
    text: TextIn | None = None
    attachments: list[AttachmentIn] | None = Field(default=None, max_length=MAX_FILES)


class WithdrawalIn(Body):
    justification: str = Field(max_length=MAX_TEXT)


class ClosureIn(Body):
    coordinator_id: str = Field(max_length=MAX_ID)
    text: TextIn


class TextOnlyIn(Body):
    text: TextIn


class ClosureBroadcastIn(Body):
    comment_ids: list[Id] | None = Field(default=None, max_length=2_000)  # null: all (ALR-045)


class InboxForwardIn(Body):
    authority_ids: list[Id] = Field(min_length=1, max_length=1_000)


def attachments_of(items: list[AttachmentIn]) -> tuple[Attachment, ...]:
    return tuple(Attachment(**a.model_dump()) for a in items)


class AlertRef(BaseModel):
    alert_id: str
    number: str | None
    status: str  # the alert's, as the caller's state sees it; "relayed" with a 202
    item_id: str | None = None
    action_id: str | None = None  # a relayed command's id: its answer reaches the copy

    @classmethod
    def of(cls, alert: Alert, participant: str, item_id: str | None = None) -> AlertRef:
        return cls(
            alert_id=alert.alert_id,
            number=alert.ref_no,
            status=alert.visible_status(participant),
            item_id=item_id.rsplit("/", 1)[-1] if item_id else None,
        )
