"""Request and response bodies of the alerts HTTP API (JSON)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ...domain import AdditionalInfoType, Alert, Attachment, ContentChanges, FreeText, ProviderField


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextIn(Body):
    """Free text with its language (X-023) and the confidential marking (X-015)."""

    text: str = Field(min_length=1)
    language: str = Field(pattern=r"^[a-z]{2}$", examples=["fr"])
    confidential: bool = False

    def domain(self) -> FreeText:
        return FreeText(text=self.text, lang=self.language, confidential=self.confidential)


class ProviderFieldIn(Body):
    code: str = Field(min_length=1, examples=["name"])
    value: str
    personal_data: bool = True
    confidential: bool = False


class AttachmentIn(Body):
    attachment_id: str = Field(min_length=1)
    filename: str = Field(min_length=1)
    comment_code: str | None = None


class ContentIn(Body):
    """Alert content; in a PATCH only the fields sent change (null clears an optional one)."""

    provider: list[ProviderFieldIn] | None = None
    service_activity_code: str | None = None
    establishment_ms: str | None = Field(default=None, examples=["DE", "unknown"])
    description: TextIn | None = None
    attachments: list[AttachmentIn] | None = None
    recipient_states: list[str] | None = None
    suggested_recipients: TextIn | None = None
    coordinator_id: str | None = None

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
    checklist: dict[str, bool] = Field(
        examples=[
            {
                "serious_damage": True,
                "own_or_other_territory": True,
                "not_covered_by_other_mechanism": True,
            }
        ]
    )


class ForwardIn(Body):
    coordinator_id: str
    justification: str


class BroadcastIn(Body):
    recipient_states: list[str] | Literal["ALL"] | None = None


class MemberStateIn(Body):
    member_state: str


class EstablishmentIn(Body):
    establishment_ms: str = Field(examples=["DE", "unknown"])


class InformationIn(Body):
    info_type: AdditionalInfoType = AdditionalInfoType.INFORMATION
    text: TextIn
    coordinator_id: str
    attachments: list[AttachmentIn] = []
    addressed_to_ms: str | None = None  # clarification requests (ALR-004)


class InformationEditIn(Body):
    text: TextIn | None = None
    attachments: list[AttachmentIn] | None = None


class WithdrawalIn(Body):
    justification: str


class ClosureIn(Body):
    coordinator_id: str
    text: TextIn


class TextOnlyIn(Body):
    text: TextIn


class ClosureBroadcastIn(Body):
    comment_ids: list[str] | None = None  # null: every comment (ALR-045)


class InboxForwardIn(Body):
    authority_ids: list[str] = Field(min_length=1)


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
