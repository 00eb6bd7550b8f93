"""Fixtures of the report tests: one sample request, and one signing key per test session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from imi_requests.reports import (
    Attachment,
    Message,
    Party,
    QuestionAnswer,
    ReportActor,
    ReportSource,
    Right,
    SubjectField,
)
from imi_requests.reports.devcert import DevCertificate, make_dev_certificate
from imi_requests.reports.signing import signer_from_pem

FR = Party(authority_id="fr-ordre-medecins", name="Ordre des médecins", member_state="FR")
DE = Party(authority_id="de-aek-berlin", name="Ärztekammer Berlin", member_state="DE")
COORDINATOR = "fr-coordinator-pq"

#: The personal data of the sample request: none of these may appear without PD (X-013).
PD_VALUES = ("Jeanne Dupont", "1984-03-12", "12 rue des Lilas, Lyon", "diplome-dupont.pdf")


def sample_source(**changes) -> ReportSource:
    source = ReportSource(
        request_id="req-0001",
        reference="FR-2026-0001",
        la_code="PQ",
        status="answered",
        question_set_code="PQ-GENERAL",
        requesting=FR,
        responding=DE,
        coordinator_authority_ids=(COORDINATOR,),
        accepted=True,
        subject=(
            SubjectField(label="Name", value="Jeanne Dupont"),
            SubjectField(label="Date of birth", value="1984-03-12"),
            SubjectField(label="Address", value="12 rue des Lilas, Lyon"),
            SubjectField(label="Profession", value="general practitioner", personal_data=False),
        ),
        questions=(
            QuestionAnswer(
                code="PQ-Q01",
                question="Is the professional legally established?",
                answer="Yes, since 2012.",
            ),
            QuestionAnswer(code="PQ-Q02", question="Any disciplinary sanction?"),
        ),
        messages=(
            Message(
                author_authority_id=DE.authority_id,
                sent_at=datetime(2026, 11, 30, 14, 0, tzinfo=UTC),
                text="Wir prüfen das Diplom.",
                language="de",
            ),
        ),
        attachments=(
            Attachment(
                name="diplome-dupont.pdf",
                comment="copy of the diploma",
                questions=("Is this diploma genuine?",),
                language="fr",
            ),
        ),
        languages=("fr", "de"),
    )
    return source.model_copy(update=changes)


def actor(authority: str = FR.authority_id, *rights: Right, helpdesk: bool = False) -> ReportActor:
    return ReportActor(
        user_id=f"user-of-{authority}",
        authority_id=authority,
        rights=frozenset(rights),
        helpdesk=helpdesk,
    )


@pytest.fixture
def source() -> Callable[..., ReportSource]:
    return sample_source


@pytest.fixture(scope="session")
def dev_certificate() -> DevCertificate:
    """Made once per session, in memory, valid from 2020 (the fake clocks are in 2026)."""
    return make_dev_certificate(not_before=datetime(2020, 1, 1, tzinfo=UTC))


@pytest.fixture(scope="session")
def signer(dev_certificate):
    return signer_from_pem(dev_certificate.key_pem, dev_certificate.cert_pem)


@pytest.fixture
def who() -> Callable[..., ReportActor]:
    """`who("fr-ordre-medecins", Right.HANDLER)`: a user of that authority with those rights."""
    return actor


@pytest.fixture
def pd_values() -> tuple[str, ...]:
    return PD_VALUES
