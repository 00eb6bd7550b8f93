"""Machine translation reads on the kernel's fakes, with an engine that counts its calls
(TRL-005, TRL-006, TRL-008, TRL-015; personal data only to a trusted engine)."""

from datetime import UTC, datetime, timedelta

import pytest

from imi_testkit import FakeClock, FakeUnitOfWork
from imi_translation.context import TranslationContext
from imi_translation.domain.free_text import NO_ENGINE, PERSONAL_DATA, FreeText, MtPairs
from imi_translation.handlers import machine_translation as mt
from imi_translation.settings import TranslationSettings

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
GERMAN = FreeText("de", "Der Antrag wurde geprüft.")


class CountingEngine:
    def __init__(self, trusted=False):
        self.name, self.trusted, self.calls = "counting", trusted, []

    async def translate(self, text, source, target):
        self.calls.append((text, source, target))
        return f"[{target}] {text}"


def context(engine, pairs="de-pt", clock=None):
    return TranslationContext(
        TranslationSettings(mt_cache_days=1),
        FakeUnitOfWork(),
        clock or FakeClock(NOW),
        engine=engine,
        mt_pairs=MtPairs.parse(pairs),
    )


async def test_trl_015_de_to_pt_is_offered_and_shown_under_the_german_original():
    ctx = context(CountingEngine())
    assert mt.offered(ctx, "de", "pt") and not mt.offered(ctx, "de", "hu")
    result = await mt.translate_free_text(ctx, GERMAN, "pt", personal_data=False)
    assert result.original == GERMAN  # TRL-006: never overwritten
    assert (result.translated, result.approximate) == ("[pt] Der Antrag wurde geprüft.", True)


async def test_trl_005_an_unsupported_pair_gets_the_no_engine_answer_and_no_call():
    engine = CountingEngine()
    ctx = context(engine)
    result = await mt.translate_free_text(ctx, GERMAN, "hu", personal_data=False)
    assert (result.translated, result.reason) == (None, NO_ENGINE)
    no_engine = context(None, pairs="*")
    assert not mt.offered(no_engine, "de", "pt")
    assert (await mt.translate_free_text(no_engine, GERMAN, "pt", personal_data=False)).reason
    assert engine.calls == []


async def test_personal_data_never_reaches_an_untrusted_engine():
    engine = CountingEngine(trusted=False)
    ctx = context(engine)
    marked = await mt.translate_free_text(ctx, GERMAN, "pt", personal_data=True)
    seen = FreeText("de", "Bitte schreiben Sie an hans.muster@example.de.")
    scanned = await mt.translate_free_text(ctx, seen, "pt", personal_data=False)
    assert (marked.reason, scanned.reason) == (PERSONAL_DATA, PERSONAL_DATA)
    assert engine.calls == []


async def test_a_trusted_engine_gets_personal_data_and_nothing_of_it_is_cached():
    engine = CountingEngine(trusted=True)
    ctx = context(engine)
    for _ in range(2):
        result = await mt.translate_free_text(ctx, GERMAN, "pt", personal_data=True)
        assert result.translated and not result.cached
    assert len(engine.calls) == 2
    assert ctx.uow.collections.get("mt_cache", {}) == {}


async def test_trl_005_a_repeated_text_comes_from_the_cache_until_it_expires():
    engine, clock = CountingEngine(), FakeClock(NOW)
    ctx = context(engine, clock=clock)
    first = await mt.translate_free_text(ctx, GERMAN, "pt", personal_data=False)
    again = await mt.translate_free_text(ctx, GERMAN, "pt", personal_data=False)
    assert (first.cached, again.cached, again.translated) == (False, True, first.translated)
    assert len(engine.calls) == 1
    (key,) = ctx.uow.collections["mt_cache"]
    assert GERMAN.text not in key  # keyed by the text's hash
    clock.advance(timedelta(days=2))
    assert not (await mt.translate_free_text(ctx, GERMAN, "pt", personal_data=False)).cached
    assert len(engine.calls) == 2


@pytest.mark.parametrize("lang, wrong", [("de", False), ("fr", True)])
def test_trl_004_the_declared_language_is_checked(lang, wrong):
    check = mt.language_check(FreeText(lang, "Der Antrag wurde heute von der Behörde geprüft."))
    assert check.looks_wrong is wrong and check.declared == lang


async def test_trl_008_an_authority_description_is_translated_into_the_readers_language():
    engine = CountingEngine(trusted=False)
    ctx = context(engine, pairs="*")
    description = FreeText("fr", "L'autorité enregistre les architectes de la région.")
    result = await mt.translate_free_text(ctx, description, "hu", personal_data=False)
    assert result.translated == f"[hu] {description.text}" and result.original == description
