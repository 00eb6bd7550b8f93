"""Pure rules of informal names and their translations (no I/O)."""

from datetime import UTC, datetime

import pytest

from imi_shared.errors import Conflict, InvalidInput
from imi_translation.domain import names

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def submitted(text="Ufficio regionale", lang="it"):
    return names.submit("authority", "IT-A", "IT", lang, text, NOW)


def test_trl_009_a_new_name_is_queued_for_every_other_official_language():
    name, (event,) = submitted()
    assert event.event_type == "informal_name.submitted" and event.revision == 1
    assert len(name.pending) == 23 and "it" not in name.pending


def test_trl_009_a_translation_is_shown_and_the_original_meanwhile():
    name, _ = submitted()
    assert names.shown(name.lang, name.text, name.translations, "hu") == (
        "it",
        "Ufficio regionale",
        False,
    )
    (event,) = names.translate(name, "hu", "Regionális hivatal", NOW)
    assert (event.event_type, event.revision, name.status("hu")) == (
        "informal_name.translated",
        2,
        "done",
    )
    assert names.shown(name.lang, name.text, name.translations, "hu") == (
        "hu",
        "Regionális hivatal",
        True,
    )


def test_trl_016_editing_the_original_resets_every_translation_to_pending():
    name, _ = submitted()
    names.translate(name, "hu", "Regionális hivatal", NOW)
    (event,) = names.edit(name, "it", "Ufficio provinciale", NOW)
    assert event.event_type == "informal_name.submitted" and event.revision == 3
    assert name.translations == {} and "hu" in name.pending
    assert names.edit(name, "it", "Ufficio provinciale", NOW) == []  # no change, no event


def test_trl_016_a_name_stores_an_official_language():
    with pytest.raises(InvalidInput) as refused:
        submitted(lang="xx")
    assert refused.value.field == "lang"


@pytest.mark.parametrize("text", ["", "   ", "x" * 301])
def test_trl_009_a_name_has_1_to_300_characters(text):
    with pytest.raises(InvalidInput):
        submitted(text)


def test_trl_009_the_original_language_is_not_translated():
    name, _ = submitted()
    with pytest.raises(Conflict):
        names.translate(name, "it", "Ufficio", NOW)
