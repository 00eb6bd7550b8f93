"""Request and response bodies of the registers API: every string and list has a limit."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ...domain.details import (
    GeographicCoverage,
    Link,
    Owner,
    RegisterDetails,
    RegisterType,
    Text,
)

Id = Annotated[str, Field(min_length=1, max_length=64)]
Lang = Annotated[str, Field(pattern=r"^[a-z]{2}$", max_length=2)]
Code = Annotated[str, Field(min_length=1, max_length=64)]
TEXT_MAX = 4000  # a free text of the wizard (REG-006, REG-010, REG-011)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LinkBody(_Strict):
    url: str = Field(min_length=1, max_length=2000, pattern=r"^https?://")
    lang: Lang = Field(description="REG-010: the language of the linked site")


class TextBody(_Strict):
    text: str = Field(min_length=1, max_length=TEXT_MAX)
    lang: Lang = Field(description="X-023: the language the author wrote in")


class OwnerBody(_Strict):
    name: str = Field(min_length=1, max_length=300)
    authority_id: Id | None = Field(
        default=None, description="REG-012: the IMI authority, if the owner is in IMI"
    )


def _text(body: TextBody | None) -> Text | None:
    return None if body is None else Text(body.text, body.lang)


class RegisterBody(_Strict):
    """The four steps of the wizard (REG-006, REG-010, REG-011, REG-012, REG-024). The managing
    authority is not asked for (REG-013: the adder's own)."""

    # step 1: general information
    official_name: str = Field(min_length=1, max_length=300)
    informal_name: str = Field(min_length=1, max_length=120, description="REG-006: short")
    informal_name_language: Lang
    coverage: GeographicCoverage
    region_code: str | None = Field(default=None, max_length=20, description="REG-008")
    register_type: RegisterType
    category_codes: list[Code] = Field(min_length=1, max_length=20, description="REG-007")
    info_languages: list[Lang] = Field(default_factory=list, max_length=26)
    details_text: TextBody | None = None
    # step 2: access
    online: bool = False
    links: list[LinkBody] = Field(default_factory=list, max_length=20)
    access_restrictions: TextBody | None = None
    payment_conditions: TextBody | None = None
    # step 3: content
    info_type_codes: list[Code] = Field(default_factory=list, max_length=30)
    info_use: TextBody | None = None
    verification_and_update: TextBody | None = None
    registration_mandatory: bool = False
    # step 4: authorities
    owner: OwnerBody

    def details(self) -> RegisterDetails:
        return RegisterDetails(
            official_name=self.official_name,
            informal_name=self.informal_name,
            informal_name_language=self.informal_name_language,
            coverage=self.coverage,
            register_type=self.register_type,
            owner=Owner(self.owner.name, self.owner.authority_id),
            region_code=self.region_code,
            category_codes=tuple(self.category_codes),
            info_languages=tuple(self.info_languages),
            details_text=_text(self.details_text),
            online=self.online,
            links=tuple(Link(link.url, link.lang) for link in self.links),
            access_restrictions=_text(self.access_restrictions),
            payment_conditions=_text(self.payment_conditions),
            info_type_codes=tuple(self.info_type_codes),
            info_use=_text(self.info_use),
            verification_and_update=_text(self.verification_and_update),
            registration_mandatory=self.registration_mandatory,
        )


class EditBody(RegisterBody):
    """REG-014: every field; a different `managing_authority_id` also hands the management
    over (REG-016, REG-025)."""

    managing_authority_id: Id | None = None


class TransferBody(_Strict):
    managing_authority_id: Id


class CodeLabel(BaseModel):
    code: str
    label: str


class RegisterView(RegisterBody):
    """The full record (REG-019), labels in the reader's display language."""

    model_config = ConfigDict(extra="ignore")

    register_id: str
    version: int
    member_state: str
    informal_name_shown: str = Field(
        description="TRL-009: the informal name in the display language, else the original"
    )
    type_label: str
    region_label: str | None
    categories: list[CodeLabel]
    info_types: list[CodeLabel]
    managing_authority_id: str
    updated_at: datetime
    can_edit: bool = Field(description="REG-005: show Edit only to who may")
    can_delete: bool = Field(description="REG-005: show Delete only to who may")


class ManagedRow(BaseModel):
    register_id: str
    member_state: str
