"""Obeying retention (X-052) on the fakes: `case.locked` takes a request's PD out of every
normal API (RET-012) while the helpdesk can still extract it, logged (RET-016, RET-017);
`case.pd_deleted` removes it for good and shreds the case key (RET-013)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from imi_requests.adapters.retention_events import CaseLocked, CasePdDeleted
from imi_requests.domain.actors import AuthorityFacts
from imi_requests.domain.copying import copy_request
from imi_requests.domain.visibility import View
from imi_requests.handlers.reading import read_request
from imi_requests.handlers.retention import Extraction, extract_locked, handlers
from imi_shared.envelope import Envelope
from imi_shared.errors import InvalidInput, NotFound
from imi_shared.sealing import KeyShredded, SealedValue
from imi_testkit import InMemoryKeyStore

from .test_commands import SENDER, sent

LOCKED_AT = datetime(2026, 7, 15, tzinfo=UTC)
DELETE_AT = datetime(2029, 1, 15, tzinfo=UTC)
EVIDENCE = Extraction("r1", "proof_of_exchange_with_consent", "de-ca", "ticket 42")


@pytest.fixture
def rctx(ctx):
    ctx.sealer.key_store = InMemoryKeyStore()
    ctx.sealer._cache = type(ctx.sealer._cache)(lambda: 0.0, 0)
    return ctx


async def consume(ctx, event) -> None:
    envelope = Envelope.wrap(event, producer="retention", member_state="FR")
    await ctx.uow.run(lambda tx: handlers(ctx)[event.event_type](event, envelope, tx))


def locked(case_id: str = "r1", case_type: str = "request") -> CaseLocked:
    return CaseLocked(
        case_type=case_type,
        case_id=case_id,
        member_state="FR",
        rule="RET-001",
        locked_at=LOCKED_AT,
        delete_at=DELETE_AT,
    )


def deleted(case_id: str = "r1") -> CasePdDeleted:
    return CasePdDeleted(
        case_type="request",
        case_id=case_id,
        member_state="FR",
        rule="RET-001",
        deleted_at=DELETE_AT,
        key_id=case_id,
    )


def stored_text(ctx) -> str:
    return repr(ctx.uow.collections.get("requests")) + repr(
        ctx.uow.collections.get("locked_personal_data")
    )


async def test_ret_012_a_locked_request_shows_no_pd_through_read_or_copy(rctx):
    await sent(rctx)
    await consume(rctx, locked())
    request, _, seen = await read_request(rctx, "r1", SENDER)
    assert seen is View.FULL  # the sender's full view ...
    assert request.subject == () and request.attachments == ()  # ... has no PD any more
    assert all(q.attachment_id is None for q in request.questions)
    copy, _ = copy_request(
        request, "r2", SENDER, AuthorityFacts("fr-ca", "FR"), True, LOCKED_AT
    )  # REQ-124
    assert copy.subject == () and copy.attachments == ()
    assert "Jean Dupont" not in stored_text(rctx) and "diploma.pdf" not in stored_text(rctx)
    assert request.history[-1].action == "personal_data_locked"
    assert request.history[-1].rule == "RET-012"


async def test_ret_012_the_locked_pd_is_kept_only_sealed_under_the_case_key(rctx):
    await sent(rctx)
    await consume(rctx, locked())
    await consume(rctx, locked())  # a redelivery changes nothing
    row = rctx.uow.collections["locked_personal_data"]["r1"]
    sealed = SealedValue.model_validate(row["sealed"])
    assert sealed.case_id == "r1" and row["rule"] == "RET-001"
    opened = await rctx.sealer.unseal(sealed)
    assert opened["subject"][0]["value"] == "Jean Dupont"
    assert opened["question_attachments"] == {"SD-GENERAL.Q1": "att-1"}


async def test_ret_016_017_the_helpdesk_extracts_locked_pd_and_the_extraction_is_logged(rctx):
    await sent(rctx)
    await consume(rctx, locked())
    found = await extract_locked(rctx, "u-helpdesk", True, EVIDENCE)
    assert found["personal_data"]["attachments"][0]["filename"] == "diploma.pdf"
    (log,) = rctx.uow.collections["pd_extractions"].values()
    assert log["reason"] == "proof_of_exchange_with_consent" and log["case_id"] == "r1"
    assert log["helpdesk_user_id"] == "u-helpdesk" and log["requesting_authority_id"] == "de-ca"
    assert "Jean Dupont" not in repr(log)


async def test_ret_016_only_the_helpdesk_extracts_and_says_why(rctx):
    await sent(rctx)
    await consume(rctx, locked())
    with pytest.raises(NotFound) as refused:  # for anyone else it does not exist
        await extract_locked(rctx, "u-fr", False, EVIDENCE)
    assert refused.value.rule_id == "RET-016"
    with pytest.raises(InvalidInput):  # (a) names the authority that asked
        await extract_locked(
            rctx, "u-helpdesk", True, Extraction("r1", EVIDENCE.reason, None, None)
        )
    public = Extraction("r1", "public_interest", None, None)
    assert (await extract_locked(rctx, "u-helpdesk", True, public))["rule"] == "RET-001"
    assert len(rctx.uow.collections["pd_extractions"]) == 1


async def test_ret_016_an_unlocked_request_has_nothing_to_extract(rctx):
    await sent(rctx)
    with pytest.raises(NotFound) as absent:
        await extract_locked(rctx, "u-helpdesk", True, EVIDENCE)
    assert absent.value.rule_id == "RET-016"


async def test_ret_013_deletion_removes_the_pd_and_shreds_the_case_key(rctx):
    await sent(rctx)
    sealed_texts = [
        SealedValue.model_validate(e.payload["sealed_texts"])
        for e in rctx.uow.published("request.status_changed")
        if e.payload.get("sealed_texts")
    ]
    await consume(rctx, locked())
    sealed = SealedValue.model_validate(
        rctx.uow.collections["locked_personal_data"]["r1"]["sealed"]
    )
    await consume(rctx, deleted())
    await consume(rctx, deleted())  # idempotent
    row = rctx.uow.collections["locked_personal_data"]["r1"]
    assert "sealed" not in row and row["pd_deleted_at"] == DELETE_AT
    for value in (sealed, *sealed_texts):
        with pytest.raises(KeyShredded):
            await rctx.sealer.unseal(value)
    with pytest.raises(NotFound) as gone:
        await extract_locked(rctx, "u-helpdesk", True, EVIDENCE)
    assert gone.value.rule_id == "RET-013"
    request, _, _ = await read_request(rctx, "r1", SENDER)
    assert request.status.value == "awaiting_acceptance"  # non-PD content and status stay
    assert [h.action for h in request.history][-2:] == [
        "personal_data_locked",
        "personal_data_deleted",
    ]


async def test_ret_013_a_deletion_without_a_prior_lock_still_removes_the_pd(rctx):
    await sent(rctx)
    await consume(rctx, deleted())
    await consume(rctx, locked())  # a late lock never revives anything
    request, _, _ = await read_request(rctx, "r1", SENDER)
    assert request.subject == () and request.attachments == ()
    assert "sealed" not in rctx.uow.collections["locked_personal_data"]["r1"]
    with pytest.raises(KeyShredded):
        await rctx.sealer.seal("r1", "anything")  # RET-013: no new key for a deleted case


async def test_x_052_an_alerts_decision_or_an_unknown_request_changes_nothing(rctx):
    await sent(rctx)
    before = dict(rctx.uow.collections["requests"]["r1"])
    await consume(rctx, locked("r1", case_type="alert"))
    assert rctx.uow.collections["requests"]["r1"] == before
    await consume(rctx, locked("elsewhere"))
    with pytest.raises(NotFound):
        await extract_locked(
            rctx, "u-helpdesk", True, Extraction("elsewhere", "public_interest", None, None)
        )


async def test_ret_012_a_lock_consumed_after_retention_shredded_the_key_still_hides_the_pd(rctx):
    await sent(rctx)
    await rctx.sealer.shred("r1")  # retention's deletion job ran before this consumer caught up
    await consume(rctx, locked())
    request, _, _ = await read_request(rctx, "r1", SENDER)
    assert request.subject == () and request.attachments == ()
    assert rctx.uow.collections["locked_personal_data"]["r1"]["sealed"] is None
