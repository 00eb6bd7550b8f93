"""A small world for the requests domain tests: FR and DE authorities and coordinators, their
directory facts, and `world.at(status)`, which drives a request to any status of REQ-002
through the real domain functions (so every status a test starts from is reachable)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from imi_requests.domain import allocation, approval, drafting, incoming, replies
from imi_requests.domain.actors import (
    ALLOCATOR,
    ARBITER,
    HANDLER,
    VIEWER,
    Actor,
    AuthorityFacts,
    Parameters,
)
from imi_requests.domain.drafting import DraftContent
from imi_requests.domain.request import (
    Attachment,
    FreeText,
    Question,
    Request,
    SubjectField,
)
from imi_requests.domain.request import RequestStatus as S

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LA = "services"
FR_CA, FR_C, DE_CA, DE_C, DE_CA2 = "fr-ca", "fr-coord", "de-ca", "de-coord", "de-ca2"
WHY = FreeText("no competence for this", "en")


def person(user: str, authority: str, ms: str, *rights: str, la: str = LA) -> Actor:
    return Actor(user, authority, ms, {la: frozenset(rights)})


def content(**changes) -> DraftContent:
    base = DraftContent(
        la_code=LA,
        responding_authority_id=DE_CA,
        question_set_code="SD-GENERAL",
        questions=(
            Question("SD-GENERAL.Q1", FreeText("see attached diploma", "fr"), "att-1"),
            Question("SD-GENERAL.Q2"),
        ),
        attachments=(Attachment("att-1", "diploma.pdf", "store://att-1"),),
        subject=(
            SubjectField("provider_name", "Jean Dupont"),
            SubjectField("activity", "plumbing", personal_data=False),
        ),
    )
    return replace(base, **changes)


class World:
    def __init__(self) -> None:
        self.now = T0
        self.params: dict[str, Parameters] = {
            a: Parameters() for a in (FR_CA, FR_C, DE_CA, DE_C, DE_CA2)
        }
        self.sender = person("u-fr", FR_CA, "FR", HANDLER)
        self.fr_viewer = person("v-fr", FR_CA, "FR", VIEWER)
        self.receiver = person("u-de", DE_CA, "DE", HANDLER)
        self.de_other = person("u-de-2", DE_CA, "DE", HANDLER)
        self.de_viewer = person("v-de", DE_CA, "DE", VIEWER)
        self.de_allocator = person("al-de", DE_CA, "DE", ALLOCATOR)
        self.fr_arbiter = person("a-fr", FR_C, "FR", ARBITER)
        self.de_arbiter = person("a-de", DE_C, "DE", ARBITER)
        self.de_ca2_handler = person("u-de2", DE_CA2, "DE", HANDLER)
        self.stranger = person("u-it", "it-ca", "IT", HANDLER)
        self.fr_other = person("u-fr-2", FR_CA, "FR", HANDLER)
        self.fr_arbiter_2 = person("a-fr-2", FR_C, "FR", ARBITER)

    def set(self, authority: str, **values) -> None:
        self.params[authority] = replace(self.params[authority], **values)

    def facts(self, authority: str | None) -> AuthorityFacts | None:
        if authority is None:
            return None
        ms = authority[:2].upper()
        coordinator = authority.endswith("coord")
        return AuthorityFacts(
            authority,
            ms,
            role="request_coordinator" if coordinator else "request_authority",
            parameters=self.params[authority],
            associated_coordinator_ids=() if coordinator else (f"{ms.lower()}-coord",),
        )

    def tick(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now

    def draft(self, **changes) -> Request:
        request, _ = drafting.create_draft(
            "r1", content(**changes), self.sender, self.facts(FR_CA), self.tick()
        )
        return request

    def send(self, request: Request):
        return drafting.send(
            request,
            self.sender,
            self.facts(FR_CA),
            self.facts(request.responding_authority_id),
            self.facts(FR_C),
            self.tick(),
        )

    def accept(self, request: Request, deadline: date | None = None):
        return incoming.accept(
            request, self.receiver, self.facts(DE_CA), None, deadline, self.tick()
        )

    def at(self, status: S) -> Request:  # noqa: C901 - one path per status
        if status is S.AWAITING_REQUEST_APPROVAL or status is S.REQUEST_NOT_APPROVED:
            self.set(FR_CA, approval_required=True)
            self.set(FR_C, approve_requests=True)
        if status in (S.AWAITING_REPLY_APPROVAL, S.REPLY_NOT_APPROVED):
            self.set(DE_CA, approval_required=True)
            self.set(DE_C, approve_replies=True)
        if status is S.ARBITRATION_RESPONDING_COORDINATOR:
            self.set(FR_C, arbitration_participation=False)
        if status is S.RETURNED_BY_ARBITER:
            self.set(DE_C, arbitration_participation=False)
        request = self.draft()
        if status is S.DRAFT:
            return request
        self.send(request)
        if status is S.REQUEST_NOT_APPROVED:
            approval.not_approve_request(
                request,
                self.fr_arbiter,
                self.facts(FR_C),
                FreeText("add the register", "en"),
                self.tick(),
            )
        if status in (S.AWAITING_REQUEST_APPROVAL, S.REQUEST_NOT_APPROVED, S.AWAITING_ACCEPTANCE):
            return request
        if status is S.REFUSED:
            self.set(DE_CA, may_refuse_requests=True)
            incoming.refuse(request, self.receiver, self.facts(DE_CA), WHY, self.tick())
            return request
        self.accept(request)
        if status is S.ACCEPTED:
            return request
        replies.send_reply(request, self.receiver, self.facts(DE_CA), self.facts(DE_C), self.tick())
        if status is S.REPLY_NOT_APPROVED:
            approval.not_approve_reply(
                request, self.de_arbiter, self.facts(DE_C), FreeText("say more", "en"), self.tick()
            )
        if status in (S.AWAITING_REPLY_APPROVAL, S.REPLY_NOT_APPROVED, S.ANSWERED):
            return request
        if status is S.CLOSED:
            replies.close(request, self.sender, self.tick())
            return request
        replies.request_further_info(
            request, self.sender, FreeText("which register?", "en"), self.tick()
        )
        if status is S.FURTHER_INFO_REQUESTED:
            return request
        self.answer_fi(request, accept=status is S.FURTHER_INFO_ACCEPTED)
        if status in (S.FURTHER_INFO_ACCEPTED, S.FURTHER_INFO_REJECTED):
            return request
        self.maintain(request)
        if status is S.RETURNED_BY_ARBITER:
            replies.arbitrate(request, self.fr_arbiter, self.facts(FR_C), False, self.tick())
        return request

    def answer_fi(self, request: Request, accept: bool, justification: FreeText | None = WHY):
        return replies.answer_further_info(
            request,
            self.receiver,
            self.facts(DE_CA),
            self.facts(DE_C),
            accept,
            justification,
            self.tick(),
        )

    def maintain(self, request: Request):
        return replies.maintain(
            request, self.sender, self.facts(FR_C), self.facts(DE_C), self.tick()
        )

    def allocate(self, request: Request, actor: Actor, side, users: tuple[str, ...]):
        facts = self.facts(actor.authority_id)
        assert facts is not None
        return allocation.allocate(request, actor, side, users, facts, self.tick(), self.roles())

    def roles(self) -> dict[str, frozenset[str]]:
        """What the directory's users read model says of the world's users (REQ-049)."""
        people = [v for v in vars(self).values() if isinstance(v, Actor)]
        return {p.user_id: p.rights.get(LA, frozenset()) for p in people}


@pytest.fixture
def world() -> World:
    return World()
