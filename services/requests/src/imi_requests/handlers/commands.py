"""The commands of the requests service (imperative names; their handlers are in
handlers/drafting.py, approval.py, incoming.py and allocation.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain.drafting import DraftContent
from ..domain.request import FreeText, Side


@dataclass(frozen=True)
class CreateRequest:
    content: DraftContent
    send: bool = False


@dataclass(frozen=True)
class EditDraft:
    request_id: str
    content: DraftContent


@dataclass(frozen=True)
class DeleteDraft:
    request_id: str


@dataclass(frozen=True)
class SendRequest:
    request_id: str


@dataclass(frozen=True)
class ApproveRequest:
    request_id: str


@dataclass(frozen=True)
class NotApproveRequest:
    request_id: str
    suggestions: FreeText


@dataclass(frozen=True)
class ResubmitRequest:
    request_id: str


@dataclass(frozen=True)
class AbandonRequest:
    request_id: str


@dataclass(frozen=True)
class AcceptRequest:
    request_id: str
    coordinator_id: str | None = None
    proposed_deadline: date | None = None


@dataclass(frozen=True)
class RefuseRequest:
    request_id: str
    justification: FreeText


@dataclass(frozen=True)
class ForwardRequest:
    request_id: str
    target_authority_id: str
    justification: FreeText


@dataclass(frozen=True)
class SplitRequest:
    request_id: str
    target_authority_id: str
    question_codes: tuple[str, ...]
    attachment_ids: tuple[str, ...]
    justification: FreeText


@dataclass(frozen=True)
class AllocateRequest:
    request_id: str
    side: Side
    user_ids: tuple[str, ...]
