"""Translation commands and its read model on the kernel's in-memory unit of work."""

from datetime import UTC, datetime

import pytest

from imi_shared.auth import Principal
from imi_shared.errors import Forbidden, NotFound
from imi_testkit import FakeClock, FakeUnitOfWork
from imi_translation.context import TranslationContext
from imi_translation.domain.events import PUBLISHED
from imi_translation.handlers import names, view
from imi_translation.settings import TranslationSettings

LDA = Principal(
    user_id="l", username="l", authority_id="IT-A", member_state="IT", local_data_admin=True
)
TRANSLATOR = Principal(user_id="t", username="t", authority_id="EU-TRL", member_state="EU")
DECODE = {cls.event_type: cls for cls in PUBLISHED}


@pytest.fixture
def ctx() -> TranslationContext:
    clock = FakeClock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    return TranslationContext(TranslationSettings(), FakeUnitOfWork(), clock)


async def project(ctx, envelopes):
    """What the service's own consumer does with its events, in order."""
    for envelope in envelopes:
        event = DECODE[envelope.event_type].model_validate(envelope.payload)
        await ctx.uow.run(lambda tx, e=event: view.name_changed(e, tx))


async def test_trl_009_submitted_name_emitted_projected_and_shown_until_translated(ctx):
    await names.submit_name(ctx, LDA, "authority", "IT-A", "it", "Ufficio regionale")
    (submitted,) = ctx.uow.published("informal_name.submitted")
    assert (submitted.aggregate_id, submitted.member_state) == ("authority:IT-A", "IT")
    assert ctx.uow.outbox[0].topic == ctx.settings.topics.translation_events
    await project(ctx, ctx.uow.published())
    assert await view.shown_name(ctx, "authority", "IT-A", "hu") == (
        "it",
        "Ufficio regionale",
        False,
    )
    name = await names.translate_name(
        ctx, TRANSLATOR, "authority", "IT-A", "hu", "Regionális hivatal"
    )
    assert name.status("hu") == "done"
    await project(ctx, ctx.uow.published())  # the whole topic again: a replay changes nothing
    assert await view.shown_name(ctx, "authority", "IT-A", "hu") == (
        "hu",
        "Regionális hivatal",
        True,
    )


async def test_trl_016_an_edit_requeues_and_the_view_shows_the_new_original(ctx):
    await names.submit_name(ctx, LDA, "authority", "IT-A", "it", "Ufficio regionale")
    await names.translate_name(ctx, TRANSLATOR, "authority", "IT-A", "hu", "Regionális hivatal")
    edited = await names.submit_name(ctx, LDA, "authority", "IT-A", "it", "Ufficio provinciale")
    assert edited.revision == 3 and "hu" in edited.pending
    await project(ctx, ctx.uow.published())
    assert await view.shown_name(ctx, "authority", "IT-A", "hu") == (
        "it",
        "Ufficio provinciale",
        False,
    )


async def test_trl_009_only_the_owners_lda_submits_and_only_the_commission_translates(ctx):
    other = LDA.model_copy(update={"authority_id": "IT-B"})
    not_lda = LDA.model_copy(update={"local_data_admin": False})
    for who in (other, not_lda):
        with pytest.raises(Forbidden):
            await names.submit_name(ctx, who, "authority", "IT-A", "it", "Ufficio")
    await names.submit_name(ctx, LDA, "authority", "IT-A", "it", "Ufficio")
    with pytest.raises(Forbidden):
        await names.translate_name(ctx, LDA, "authority", "IT-A", "hu", "Hivatal")
    with pytest.raises(NotFound):
        await names.translate_name(ctx, TRANSLATOR, "register", "R-404", "hu", "Hivatal")
