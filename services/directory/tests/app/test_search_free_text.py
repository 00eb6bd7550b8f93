"""Free-text and name search (DIR-131, TRL-010) and what a result line shows (DIR-132).

User manual §5.3.1 («Rechercher une autorité compétente»): «La recherche en texte libre permet
uniquement de rechercher des termes exacts et tient compte des caractères spéciaux. Par exemple,
si vous recherchez une préfecture en France, vous ne la trouverez pas si vous tapez «prefecture»
(sans accent).» The manual sets no case rule for search; case is not significant [INFERRED].
"""

import pytest
from search_support import ids, sample, search, shared_app, user_headers


@pytest.fixture(scope="module")
async def world(infra):
    async with shared_app(infra) as (client, ctx):
        yield client, await sample(ctx)


async def found(client, **params) -> set[str]:
    return ids(await search(client, user_headers(), **params))


async def test_DIR_131_manual_example_prefecture_does_not_find_préfecture(world):
    client, s = world
    assert await found(client, q="préfecture", lang="fr") == {s["prefecture"]}
    assert await found(client, q="prefecture", lang="fr") == {s["maritime"]}  # no accent


async def test_TRL_010_a_translation_is_searched_in_its_own_display_language_only(world):
    client, s = world
    assert await found(client, q="Polizeipräfektur", lang="de") == {s["prefecture"]}
    assert await found(client, q="Polizeipräfektur", lang="fr") == set()
    # the English reader finds the préfecture through its English informal name
    assert await found(client, q="prefecture", lang="en") == {s["prefecture"], s["maritime"]}


async def test_DIR_131_exact_terms_only_no_partial_words(world):
    client, s = world
    assert await found(client, q="préfect") == set()
    assert await found(client, q="polic") == set()
    assert await found(client, q="police") == {s["prefecture"]}


async def test_DIR_131_every_term_must_match(world):
    client, s = world
    assert await found(client, q="police Paris") == {s["prefecture"]}
    assert await found(client, q="police Lyon") == set()
    assert await found(client, q="l'Ordre médecins") == {s["ordre"]}


async def test_DIR_131_case_does_not_matter_but_special_characters_do(world):
    client, s = world
    assert await found(client, q="PRÉFECTURE DE POLICE") == {s["prefecture"]}
    assert await found(client, q="straßenverkehrsamt") == {s["strasse"]}
    assert await found(client, q="strassenverkehrsamt") == set()  # ß is not ss
    assert await found(client, q="munchen") == set()  # ü is not u
    assert await found(client, q="München") == {s["handwerk"]}


async def test_DIR_131_greek_upper_case_and_final_sigma(world):
    client, s = world
    assert await found(client, q="προστασίας") == {s["emporio"]}
    assert await found(client, q="ΠΡΟΣΤΑΣΊΑΣ") == {s["emporio"]}  # Σ at the end is ς
    assert await found(client, q="ΠΡΟΣΤΑΣΙΑΣ") == set()  # the tonos is significant


async def test_DIR_131_free_text_is_combined_with_the_other_criteria(world):
    client, s = world
    assert await found(client, q="préfecture", country="DE") == set()
    assert await found(client, q="Prefecture", region="bretagne") == {s["maritime"]}


async def test_DIR_131_an_info_text_explains_the_rules(world):
    client, _ = world
    info = (await search(client, user_headers(), q="x"))["free_text_info"]
    assert "DIR-131" in info and "préfecture" in info and "prefecture" in info


async def test_DIR_131_a_text_without_any_word_is_refused(world):
    client, _ = world
    assert (await search(client, user_headers(), expect=422, q=" ' - "))["rule"] == "DIR-131"


async def test_TRL_010_original_names_are_searched_whatever_the_display_language(world):
    client, s = world
    for lang in ("de", "fr", "el"):
        assert await found(client, q="Handwerkskammer München", lang=lang) == {s["handwerk"]}
        assert await found(client, q="Προστασίας", lang=lang) == {s["emporio"]}


async def test_a_whole_name_matches_an_official_informal_or_translated_name(world):
    client, s = world
    assert await found(client, name="préfecture de police de paris") == {s["prefecture"]}
    assert await found(client, name="Préfecture de Police") == {s["prefecture"]}
    assert await found(client, name="Police Prefecture", lang="en") == {s["prefecture"]}
    assert await found(client, name="Police Prefecture", lang="fr") == set()
    assert await found(client, name="Préfecture") == set()
    assert await found(client, name="prefecture de police") == set()


async def test_DIR_132_results_show_spoken_languages_and_the_informal_name_in_the_display_language(
    world,
):
    client, _s = world
    german = (await search(client, user_headers(), q="préfecture", lang="de"))["items"][0]
    assert german["informal_name"] == "Polizeipräfektur"
    assert german["informal_name_language"] == "de"
    assert german["spoken_languages"] == [
        {"code": "fr", "name": "Französisch"},
        {"code": "en", "name": "Englisch"},
    ]
    assert german["country"] == "Frankreich"
    italian = (await search(client, user_headers(), q="préfecture", lang="it"))["items"][0]
    assert italian["informal_name"] == "Préfecture de police"  # TRL-009: original until translated
    assert italian["informal_name_language"] == "fr"
    assert [lang["name"] for lang in italian["spoken_languages"]] == ["francese", "inglese"]
    assert italian["matched_user_email"] is None
