"""Catalogue commands and reads on the kernel's in-memory unit of work (TRL-001, TRL-003)."""

from datetime import UTC, datetime

import pytest

from imi_shared.auth import Principal
from imi_shared.errors import Forbidden, NotFound
from imi_testkit import FakeClock, FakeUnitOfWork
from imi_translation.adapters.catalogue_seed import seed_catalogues, shipped_items
from imi_translation.adapters.publisher import publisher
from imi_translation.context import TranslationContext
from imi_translation.handlers import catalogue
from imi_translation.settings import TranslationSettings

READER = Principal(user_id="r", username="r", authority_id="HU-A", member_state="HU")
TRANSLATOR = Principal(user_id="t", username="t", authority_id="EU-TRL", member_state="EU")
NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def ctx() -> TranslationContext:
    return TranslationContext(TranslationSettings(), FakeUnitOfWork(), FakeClock(NOW))


async def test_trl_003_only_commission_translation_edits_and_rights_come_before_state(ctx):
    with pytest.raises(Forbidden) as refused:
        await catalogue.define_item(ctx, READER, "answer", "ANSWER.MAYBE", "Maybe")
    assert refused.value.rule_id == "TRL-003"
    # an item that does not exist: still 403 for a reader, never 404
    with pytest.raises(Forbidden):
        await catalogue.set_label(ctx, READER, "answer", "ANSWER.NONE", "fr", "Aucune")
    assert ctx.uow.published() == []
    with pytest.raises(NotFound):
        await catalogue.set_label(ctx, TRANSLATOR, "answer", "ANSWER.NONE", "fr", "Aucune")


async def test_trl_001_trl_014_a_code_is_read_in_each_readers_language(ctx):
    await catalogue.define_item(ctx, TRANSLATOR, "answer", "A3", "Yes, without restriction")
    await catalogue.set_label(ctx, TRANSLATOR, "answer", "A3", "it", "Sì, senza restrizioni")
    (italian,) = await catalogue.list_items(ctx, "answer", "it")
    (hungarian,) = await catalogue.list_items(ctx, "answer", "hu")
    assert (italian.text, italian.fallback) == ("Sì, senza restrizioni", False)
    assert (hungarian.text, hungarian.lang, hungarian.fallback) == (
        "Yes, without restriction",
        "en",
        True,
    )
    events = ctx.uow.published("catalogue.item_changed")
    assert [e.payload["revision"] for e in events] == [1, 2]
    assert {e.member_state for e in events} == {"EU"}


async def test_clients_search_codes_by_label_in_their_language(ctx):
    await seed_catalogues(ctx.uow, publisher(ctx.settings.topics), NOW)
    found = await catalogue.list_items(ctx, "la_keyword", "fr", query="artisanat et")
    assert [r.code for r in found] == ["services.crafts"]
    questions = await catalogue.list_items(ctx, "question", "fr", parent_code="PQ-GENERAL")
    assert len(questions) >= 3 and not any(q.fallback for q in questions)
    await catalogue.set_active(ctx, TRANSLATOR, "la_keyword", "services.crafts", False)
    assert await catalogue.list_items(ctx, "la_keyword", "en", query="crafts") == []


async def test_seeding_twice_defines_nothing_new_and_keeps_the_translators_edits(ctx):
    emit = publisher(ctx.settings.topics)
    assert await seed_catalogues(ctx.uow, emit, NOW) == len(shipped_items(NOW))
    assert ctx.uow.published() == []  # the shipped content is announced by no event
    await catalogue.set_label(ctx, TRANSLATOR, "answer", "ANSWER.YES", "fr", "Oui, tout à fait")
    assert await seed_catalogues(ctx.uow, emit, NOW) == 0
    (yes,) = [r for r in await catalogue.list_items(ctx, "answer", "fr") if r.code == "ANSWER.YES"]
    assert yes.text == "Oui, tout à fait"


async def test_the_completeness_report_names_each_item_and_its_missing_languages(ctx):
    await seed_catalogues(ctx.uow, publisher(ctx.settings.topics), NOW)
    report = await catalogue.completeness(ctx)
    assert len(report) == len(shipped_items(NOW))
    assert "fr" not in report["question_set:PQ-GENERAL"]
    assert len(report["question_set:PQ-GENERAL"]) == 22
