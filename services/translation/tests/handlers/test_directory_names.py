"""Authorities' informal names from the directory's events into the queue, on the kernel's
fakes (TRL-009, TRL-016), and the queue `commission_translation` works."""

from datetime import UTC, datetime

import pytest

from imi_shared.auth import Principal
from imi_shared.errors import Forbidden
from imi_testkit import FakeClock, FakeUnitOfWork
from imi_translation.adapters.directory_events import AuthorityDataChanged, AuthorityRegistered
from imi_translation.context import TranslationContext
from imi_translation.domain.events import PUBLISHED
from imi_translation.handlers import directory_names, names, view
from imi_translation.settings import TranslationSettings

TRANSLATOR = Principal(user_id="t", username="t", authority_id="EU-TRL", member_state="EU")
READER = Principal(user_id="r", username="r", authority_id="FR-A", member_state="FR")
DECODE = {cls.event_type: cls for cls in PUBLISHED}


@pytest.fixture
def ctx() -> TranslationContext:
    clock = FakeClock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    return TranslationContext(TranslationSettings(), FakeUnitOfWork(), clock)


async def handle(ctx, event) -> bool:
    return (await ctx.uow.run(lambda tx: directory_names.name_from_directory(ctx, event, tx))).value


async def project(ctx):
    for envelope in ctx.uow.published():
        event = DECODE[envelope.event_type].model_validate(envelope.payload)
        await ctx.uow.run(lambda tx, e=event: view.name_changed(e, tx))


def registered(name="Préfecture de police", lang="fr"):
    return AuthorityRegistered(
        authority_id="FR-P", member_state="FR", informal_name=name, informal_name_language=lang
    )


def changed(**changes):
    return AuthorityDataChanged(authority_id="FR-P", member_state="FR", changes=changes)


async def test_trl_009_a_registered_authoritys_name_enters_the_queue(ctx):
    assert await handle(ctx, registered())
    (submitted,) = ctx.uow.published("informal_name.submitted")
    assert submitted.payload["text"] == "Préfecture de police"
    assert (submitted.payload["lang"], submitted.member_state) == ("fr", "FR")
    await project(ctx)
    (queued,) = await view.queue(ctx, TRANSLATOR, "de", 10)
    assert (queued["entity_id"], queued["text"]) == ("FR-P", "Préfecture de police")
    assert await view.queue(ctx, TRANSLATOR, "fr", 10) == []  # the original's language
    with pytest.raises(Forbidden):
        await view.queue(ctx, READER, "de", 10)


async def test_trl_009_a_translated_name_leaves_that_languages_queue(ctx):
    await handle(ctx, registered())
    await names.translate_name(ctx, TRANSLATOR, "authority", "FR-P", "de", "Polizeipräfektur")
    (translated,) = ctx.uow.published("informal_name.translated")
    assert translated.payload["original"] == "Préfecture de police"
    await project(ctx)
    assert await view.queue(ctx, TRANSLATOR, "de", 10) == []
    assert len(await view.queue(ctx, TRANSLATOR, "it", 10)) == 1


async def test_trl_016_an_edited_name_or_language_requeues_every_translation(ctx):
    await handle(ctx, registered())
    await names.translate_name(ctx, TRANSLATOR, "authority", "FR-P", "de", "Polizeipräfektur")
    assert await handle(ctx, changed(informal_name="Préfecture"))
    assert await handle(ctx, changed(informal_name_language="en"))
    edits = ctx.uow.published("informal_name.submitted")
    assert [(e.payload["lang"], e.payload["text"]) for e in edits] == [
        ("fr", "Préfecture de police"),
        ("fr", "Préfecture"),
        ("en", "Préfecture"),
    ]
    await project(ctx)
    assert len(await view.queue(ctx, TRANSLATOR, "de", 10)) == 1  # pending again


async def test_trl_016_events_without_a_name_or_its_language_queue_nothing(ctx):
    assert not await handle(ctx, registered(name="", lang=None))
    assert not await handle(ctx, registered(lang=None))
    assert not await handle(ctx, changed(phone_hint=None, spoken_languages=["fr"]))
    la_data = AuthorityDataChanged(
        authority_id="FR-P", member_state="FR", la_code="services", changes={"keywords": []}
    )
    assert not await handle(ctx, la_data)
    assert ctx.uow.published() == []
