"""Commands of the invitation handlers; they double as HTTP request bodies (DIR §3.6)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..domain.reference import LaWorkflow

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class DraftInvitation(BaseModel):
    """DIR-047 / DIR-057 (the e-mail format is checked on submission, DIR-051)."""

    model_config = _FROZEN

    authority_name: str
    email: str
    la_workflows: list[LaWorkflow] = Field(default_factory=list)
    personal_message: str = ""


class EditInvitation(BaseModel):
    """DIR-058 / DIR-060: only the fields given change."""

    model_config = _FROZEN

    authority_name: str | None = None
    email: str | None = None
    la_workflows: list[LaWorkflow] | None = None
    personal_message: str | None = None


class BulkEdit(BaseModel):
    """DIR-050: a personal text and/or LA–workflow pairs for the selected invitations."""

    model_config = _FROZEN

    ids: list[str] = Field(min_length=1)
    personal_message: str | None = None
    la_workflows: list[LaWorkflow] | None = None


class Submission(BaseModel):
    model_config = _FROZEN

    ids: list[str] = Field(min_length=1)
