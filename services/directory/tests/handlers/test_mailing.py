"""Coordinator mailings (DIR-135, NOT-040) on the kernel's fakes: rights first, absent and
not-yours alike, and the published event holds no plaintext of the coordinator's text."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from imi_directory.domain.actors import Actor
from imi_directory.handlers import authorities
from imi_directory.handlers.commands import RegisterAuthority
from imi_directory.handlers.mailing import SendMailing, send_mailing
from imi_shared.errors import Forbidden, NotFound
from imi_shared.sealing import SealedValue
from imi_testkit import FakeClock, FakeUnitOfWork

from .test_authority_handlers import HELPDESK, context, nimic_of

DA = Actor.user("u-da", "n-fr", data_admin_las={"services"})
SUBJECT, BODY = "Please update your data", "Dear colleagues, Jean Dupont asks you to check."


def ca_of(email: str) -> RegisterAuthority:
    return RegisterAuthority.model_validate(
        {
            "details": {"official_name": "Ordre des architectes", "email": email},
            "legislative_areas": [
                {
                    "la_code": "services",
                    "keywords": ["services.architecture"],
                    "workflows": [{"workflow": "requests", "associated_coordinator_ids": ["n-fr"]}],
                },
            ],
        }
    )


@pytest.fixture
async def world():
    uow, clock = FakeUnitOfWork(), FakeClock()
    ctx = context(uow, clock)
    await authorities.register_authority(ctx, HELPDESK, nimic_of("FR"), authority_id="n-fr")
    await authorities.register_authority(
        ctx, HELPDESK, nimic_of("DE", "nimic@de.imi.test"), authority_id="n-de"
    )
    await authorities.register_authority(ctx, DA, ca_of("ca1@fr.imi.test"), authority_id="ca-1")
    await authorities.register_authority(ctx, DA, ca_of("ca2@fr.imi.test"), authority_id="ca-2")
    return uow, ctx


def mailing(*ids: str) -> SendMailing:
    return SendMailing(authority_ids=list(ids), subject=SUBJECT, body=BODY)


async def test_not_040_a_coordinator_da_mails_selected_authorities_text_sealed(world):
    uow, ctx = world
    sent = await send_mailing(ctx, DA, mailing("ca-1", "ca-2", "ca-1"))
    [envelope] = uow.published("coordinator.mailing_sent")
    assert (envelope.aggregate_id, envelope.member_state) == ("n-fr", "FR")
    payload = envelope.payload
    assert payload["mailing_id"] == sent.mailing_id
    assert payload["authority_ids"] == ["ca-1", "ca-2"]  # deduplicated, in order
    wire = json.dumps(payload)
    assert SUBJECT not in wire and "Jean Dupont" not in wire  # RET-004: sealed on the topic
    opened = await ctx.sealer.unseal(SealedValue.model_validate(payload["message"]))
    assert opened == {"subject": SUBJECT, "body": BODY}


async def test_not_040_only_coordinator_das_send_mailings_rights_first(world):
    uow, ctx = world
    for actor in (
        Actor.user("u-lda", "ca-1", local_data_admin=True),  # an LDA, not a coordinator DA
        Actor.user("u-x", "ca-1", data_admin_las={"services"}),  # DA of a non-coordinator
        HELPDESK,
    ):
        with pytest.raises(Forbidden) as refused:
            await send_mailing(ctx, actor, mailing("no-such-authority"))
        assert refused.value.rule_id == "DIR-135"
    assert uow.published("coordinator.mailing_sent") == []


async def test_not_040_absent_and_other_member_state_authorities_are_not_found(world):
    uow, ctx = world
    for target in ("no-such-authority", "n-de", "n-fr"):
        with pytest.raises(NotFound) as refused:
            await send_mailing(ctx, DA, mailing("ca-1", target))
        assert refused.value.rule_id == "DIR-135"
    assert uow.published("coordinator.mailing_sent") == []  # all or nothing


def test_not_040_subject_body_and_list_are_bounded():
    for bad in (
        {"authority_ids": [], "subject": "s", "body": "b"},
        {"authority_ids": ["a"] * 501, "subject": "s", "body": "b"},
        {"authority_ids": ["a" * 101], "subject": "s", "body": "b"},
        {"authority_ids": ["a"], "subject": "s" * 201, "body": "b"},
        {"authority_ids": ["a"], "subject": "s", "body": "b" * 5001},
        {"authority_ids": ["a"], "subject": "", "body": "b"},
    ):
        with pytest.raises(ValidationError):
            SendMailing.model_validate(bad)
