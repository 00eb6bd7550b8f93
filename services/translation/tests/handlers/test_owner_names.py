"""Authorities' and registers' informal names from their owners' events into the queue, on the
kernel's fakes (TRL-009, TRL-016, REG-009), and the queue `commission_translation` works."""

from datetime import UTC, datetime

import pytest

from imi_shared.auth import Principal
from imi_shared.envelope import Envelope
from imi_shared.errors import Forbidden, InvalidInput
from imi_testkit import FakeClock, FakeUnitOfWork
from imi_translation.adapters.directory_events import AuthorityDataChanged, AuthorityRegistered
from imi_translation.adapters.register_events import RegisterAdded, RegisterInformalNameChanged
from imi_translation.context import TranslationContext
from imi_translation.domain.events import PUBLISHED
from imi_translation.domain.languages import OFFICIAL_LANGUAGES
from imi_translation.handlers import names, owner_names, view
from imi_translation.settings import TranslationSettings

TRANSLATOR = Principal(user_id="t", username="t", authority_id="EU-TRL", member_state="EU")
READER = Principal(user_id="r", username="r", authority_id="FR-A", member_state="FR")
DECODE = {cls.event_type: cls for cls in PUBLISHED}


@pytest.fixture
def ctx() -> TranslationContext:
    clock = FakeClock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    return TranslationContext(TranslationSettings(), FakeUnitOfWork(), clock)


async def handle(ctx, event) -> bool:
    return (await ctx.uow.run(lambda tx: owner_names.name_from_directory(ctx, event, tx))).value


async def handle_register(ctx, event, envelope=None) -> bool | None:
    """As the `<db_name>.register-names` subscriber runs it (with `envelope`: its marker)."""
    consumer = {"consumed": envelope, "consumer": "t.register-names"} if envelope else {}
    outcome = await ctx.uow.run(
        lambda tx: owner_names.name_from_registers(ctx, event, tx), **consumer
    )
    return outcome.value


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


def register_added(name="Registre des architectes", lang: str | None = "fr"):
    return RegisterAdded(
        register_id="R-7", member_state="FR", informal_name=name, informal_name_language=lang
    )


def register_renamed(name: str, lang: str | None):
    return RegisterInformalNameChanged(
        register_id="R-7", member_state="FR", informal_name=name, informal_name_language=lang
    )


async def test_trl_009_reg_009_a_new_registers_name_is_queued_for_every_other_language(ctx):
    assert await handle_register(ctx, register_added())
    (submitted,) = ctx.uow.published("informal_name.submitted")
    assert submitted.payload["entity"] == "register"
    assert (submitted.aggregate_id, submitted.member_state) == ("register:R-7", "FR")
    assert (submitted.payload["lang"], submitted.payload["text"]) == (
        "fr",
        "Registre des architectes",
    )
    await project(ctx)
    queued_in = [lang for lang in OFFICIAL_LANGUAGES if await view.queue(ctx, TRANSLATOR, lang, 10)]
    assert queued_in == [lang for lang in OFFICIAL_LANGUAGES if lang != "fr"]
    (row,) = await view.queue(ctx, TRANSLATOR, "mt", 10)
    assert (row["entity"], row["entity_id"]) == ("register", "R-7")


async def test_trl_016_reg_009_an_edited_register_name_resets_its_translations(ctx):
    await handle_register(ctx, register_added())
    await names.translate_name(ctx, TRANSLATOR, "register", "R-7", "de", "Architektenregister")
    await project(ctx)
    assert await view.queue(ctx, TRANSLATOR, "de", 10) == []
    assert await handle_register(ctx, register_renamed("Ordre des architectes", "fr"))
    assert await handle_register(ctx, register_renamed("Ordre des architectes", "en"))
    edits = ctx.uow.published("informal_name.submitted")
    assert [(e.payload["lang"], e.payload["text"], e.payload["revision"]) for e in edits] == [
        ("fr", "Registre des architectes", 1),
        ("fr", "Ordre des architectes", 3),
        ("en", "Ordre des architectes", 4),
    ]
    await project(ctx)
    assert len(await view.queue(ctx, TRANSLATOR, "de", 10)) == 1  # pending again
    assert await view.shown_name(ctx, "register", "R-7", "de") == (
        "en",
        "Ordre des architectes",
        False,
    )


async def test_trl_016_a_register_name_without_a_language_is_not_queued(ctx):
    assert not await handle_register(ctx, register_added(lang=None))
    assert not await handle_register(ctx, RegisterAdded(register_id="R-7", member_state="FR"))
    assert not await handle_register(ctx, register_renamed("Ordre des architectes", None))
    assert ctx.uow.published() == []
    # once queued, an edit stating no language keeps the stored one; an empty name changes nothing
    await handle_register(ctx, register_added())
    assert await handle_register(ctx, register_renamed("Ordre des architectes", None))
    assert not await handle_register(ctx, register_renamed("", "fr"))
    edits = ctx.uow.published("informal_name.submitted")
    assert [(e.payload["lang"], e.payload["text"]) for e in edits] == [
        ("fr", "Registre des architectes"),
        ("fr", "Ordre des architectes"),
    ]


async def test_trl_016_a_register_name_in_no_official_language_is_refused(ctx):
    """Refused, so the subscriber dead-letters the event (X-001 lets Norway's registers in,
    but TRL-009 translates from and into official EU languages only)."""
    with pytest.raises(InvalidInput) as refused:
        await handle_register(ctx, register_added(lang="nb"))
    assert (refused.value.rule_id, ctx.uow.published()) == ("TRL-016", [])


async def test_trl_009_a_redelivered_register_event_changes_nothing(ctx):
    added, renamed = register_added(), register_renamed("Ordre des architectes", "fr")
    envelopes = [
        Envelope.wrap(e, producer="registers", member_state="FR") for e in (added, renamed)
    ]
    assert await handle_register(ctx, added, envelopes[0])
    assert await handle_register(ctx, renamed, envelopes[1])
    commits = ctx.uow.commits
    assert await handle_register(ctx, added, envelopes[0]) is None  # the marker: a duplicate
    assert ctx.uow.commits == commits
    assert not await handle_register(ctx, renamed)  # even unmarked: the same name, no event
    assert len(ctx.uow.published("informal_name.submitted")) == 2
    await project(ctx)
    assert await view.shown_name(ctx, "register", "R-7", "it") == (
        "fr",
        "Ordre des architectes",
        False,
    )
