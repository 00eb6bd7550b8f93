"""The commands of the exchange between the sides (§4.5-4.7) and of copying (§4.10); their
handlers are in handlers/exchange.py, arbitration.py and copying.py."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.copying import CopyChoice
from ..domain.request import Answer, Attachment, FreeText


@dataclass(frozen=True)
class AddMessage:
    request_id: str
    text: FreeText | None
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class AddOpinion:
    request_id: str
    text: FreeText


@dataclass(frozen=True)
class SaveAnswers:
    request_id: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class SendReply:
    request_id: str


@dataclass(frozen=True)
class ApproveReply:
    request_id: str


@dataclass(frozen=True)
class NotApproveReply:
    request_id: str
    suggestions: FreeText


@dataclass(frozen=True)
class CloseRequest:
    request_id: str


@dataclass(frozen=True)
class RequestFurtherInfo:
    request_id: str
    justification: FreeText
    question_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnswerFurtherInfo:
    request_id: str
    accept: bool
    justification: FreeText | None = None


@dataclass(frozen=True)
class ReferToArbitration:
    request_id: str


@dataclass(frozen=True)
class Arbitrate:
    request_id: str
    satisfactory: bool


@dataclass(frozen=True)
class AnswerReturned:
    request_id: str
    provide: bool


@dataclass(frozen=True)
class ChangeRespondingCoordinator:
    request_id: str
    coordinator_id: str


@dataclass(frozen=True)
class CopyRequest:
    request_id: str
    choice: CopyChoice
