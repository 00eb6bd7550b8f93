"""Authority search criteria (DIR-130, DIR-133, DIR-025, TRL-010) over GET /search/authorities,
on a projection fed by the directory's own events (real Kafka + MongoDB)."""

import pytest
from search_support import (
    ids,
    postings_follow_documents,
    sample,
    search,
    shared_app,
    user_headers,
)

from imi_directory.adapters.search_index import IndexQuery
from imi_directory.adapters.search_query import SearchReader


@pytest.fixture(scope="module")
async def world(infra):
    async with shared_app(infra) as (client, ctx):
        yield client, await sample(ctx)


NIMICS = {"nimic-fr", "nimic-de", "nimic-gr"}


async def test_DIR_130_member_state_lists_the_authorities_of_that_state(world):
    client, s = world
    page = await search(client, user_headers(), country="FR")
    assert ids(page) == {"nimic-fr", s["prefecture"], s["maritime"], s["ordre"]}
    assert page["total"] == 4
    assert {item["country"] for item in page["items"]} == {"France"}


async def test_DIR_130_region_is_compared_without_regard_to_case(world):
    client, s = world
    assert ids(await search(client, user_headers(), region="île-de-france")) == {s["prefecture"]}
    assert ids(await search(client, user_headers(), country="DE", region="BAYERN")) == {
        s["handwerk"]
    }


async def test_DIR_130_legislative_area(world):
    client, s = world
    page = await search(client, user_headers(), la="patients_rights")
    assert ids(page) == {s["ordre"]} | NIMICS  # NIMICs hold every LA (DIR-001)


async def test_DIR_130_TRL_010_keywords_are_codes_whatever_the_display_language(world):
    client, s = world
    by_lang = [
        ids(await search(client, user_headers(), keyword="services.tourism", lang=lang))
        for lang in ("fr", "de", "el", "en")
    ]
    assert by_lang[0] == {s["prefecture"], s["strasse"]} | NIMICS  # NIMICs: all keywords
    assert all(found == by_lang[0] for found in by_lang)


async def test_DIR_130_several_keywords_match_any_and_criteria_combine_with_and(world):
    client, s = world
    anyof = await search(
        client, user_headers(), la="services", keyword=["services.crafts", "services.construction"]
    )
    assert ids(anyof) == {s["handwerk"], s["maritime"]} | NIMICS
    both = await search(
        client, user_headers(), country="DE", keyword=["services.crafts", "services.construction"]
    )
    assert ids(both) == {s["handwerk"], "nimic-de"}


async def test_DIR_130_a_keyword_of_another_legislative_area_is_refused(world):
    client, _ = world
    page = await search(client, user_headers(), expect=422, la="solvit", keyword="services.tourism")
    assert page["rule"] == "DIR-130"


async def test_DIR_025_a_nace_section_matches_the_authorities_of_its_divisions(world):
    client, s = world
    page = await search(client, user_headers(), nace="C")  # manufacturing; "10" is in it
    assert ids(page) == {s["prefecture"], s["handwerk"]} | NIMICS  # NIMICs: horizontal


async def test_DIR_025_a_division_matches_an_authority_competent_for_its_whole_section(world):
    client, s = world
    assert (
        ids(await search(client, user_headers(), nace="10"))
        == {s["prefecture"], s["handwerk"]} | NIMICS
    )
    assert ids(await search(client, user_headers(), nace="11")) == {s["handwerk"]} | NIMICS
    assert ids(await search(client, user_headers(), nace="f")) == {s["maritime"]} | NIMICS


async def test_DIR_025_policy_areas_match_their_sub_areas_and_the_whole_area(world):
    client, s = world
    assert s["prefecture"] in ids(await search(client, user_headers(), policy_area="single_market"))
    sub_area = await search(client, user_headers(), policy_area="public_health.health_professions")
    assert ids(sub_area) == {s["ordre"]} | NIMICS  # declared on the whole public_health area


async def test_DIR_025_horizontal_competence_matches_every_competence(world):
    client, _ = world
    page = await search(client, user_headers(), nace="A", policy_area="youth")
    assert ids(page) == NIMICS


async def test_DIR_133_responders_exclude_authorities_that_may_not_accept_requests(world):
    client, s = world
    page = await search(client, user_headers(), country="DE", responders_for="services")
    assert ids(page) == {"nimic-de", s["handwerk"]}  # not strasse (may_accept... = no)
    assert s["strasse"] in ids(await search(client, user_headers(), country="DE"))


async def test_DIR_130_paging_is_stable_and_sorted_by_name(world):
    client, _s = world
    pages = [
        await search(client, user_headers(), la="services", page=n, page_size=3)
        for n in (1, 2, 3, 4)
    ]
    names = [item["official_name"] for page in pages for item in page["items"]]
    assert [p["total"] for p in pages] == [8] * 4
    assert [len(p["items"]) for p in pages] == [3, 3, 2, 0]
    assert len(set(names)) == 8
    assert names == sorted(names, key=str.lower)


@pytest.mark.parametrize(
    ("params", "rule"),
    [
        ({"la": "cooking"}, "X-004"),
        ({"keyword": "services.nope"}, "DIR-130"),
        ({"nace": "ZZ"}, "DIR-025"),
        ({"policy_area": "nope"}, "DIR-025"),
        ({"country": "EU"}, "X-001"),
        ({"country": "XX"}, "X-001"),
        ({"lang": "xx"}, "X-021"),
    ],
)
async def test_unknown_codes_are_refused_naming_the_rule(world, params, rule):
    client, _ = world
    assert (await search(client, user_headers(), expect=422, **params))["rule"] == rule


async def test_DIR_130_TRL_010_an_unknown_keyword_says_where_the_keyword_codes_are_listed(world):
    """Tried as a new user would: `?keyword=crafts` is a label, not a code; the answer points to
    the catalogue that lists the codes by label."""
    client, _ = world
    body = await search(client, user_headers(), expect=422, keyword="crafts")
    assert body["rule"] == "DIR-130" and "'crafts' is not a keyword" in body["error"]
    assert "GET /catalogues/keywords?q=" in body["error"]


async def test_X_016_a_token_is_required(world):
    client, _ = world
    response = await client.get("/search/authorities", params={"country": "FR"})
    assert response.status_code == 401, response.text
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "X-016" in response.text and "items" not in response.json()  # no result leaks


async def test_DIR_130_an_undeclared_criterion_is_refused_not_ignored(world):
    """Issue 9 #12: `?text=` (no such criterion) answered every authority."""
    client, _ = world
    refused = await search(client, user_headers(), expect=422, text="")
    assert (refused["rule"], refused["field"]) == ("schema", "query.text")
    typo = await search(client, user_headers(), expect=422, country="FR", contry="DE")
    assert typo["field"] == "query.contry" and "items" not in typo


# Every criterion the postings serve, alone, combined, with names and paging (issue 10).
POSTED_QUERIES = (
    IndexQuery(member_state="FR"),
    IndexQuery(la_code="services", skip=3, limit=3),
    IndexQuery(keywords=("services.tourism", "services.crafts")),
    IndexQuery(member_state="DE", la_code="services", keywords=("services.crafts",)),
    IndexQuery(nace="C"),
    IndexQuery(nace="10"),
    IndexQuery(policy="public_health"),
    IndexQuery(responders_for="services"),
    IndexQuery(member_state="DE", region_key="bayern"),
    IndexQuery(member_state="FR", terms=("police",)),
    IndexQuery(la_code="services", exact_name="straßenverkehrsamt köln"),
    IndexQuery(member_state="FR", nace="F", policy="public_health"),  # the NIMIC: horizontal
)


async def test_DIR_130_the_postings_give_the_pages_and_totals_of_the_document_match(world):
    """The postings plan (search_postings) is an index, not a rule: for every posted criterion
    it returns what the general `$match` over the search documents returns, in order."""
    _client, s = world
    reader = SearchReader(s.ctx.uow.db)
    found = []
    for query in POSTED_QUERIES:
        by_postings, by_match = await reader.search(query), await reader.by_match(query)
        page = (by_postings.total, [d["_id"] for d in by_postings.documents])
        assert page == (by_match.total, [d["_id"] for d in by_match.documents]), query
        assert by_postings.documents == by_match.documents
        found.append(by_postings.total)
    assert all(found)
    await postings_follow_documents(s.ctx)
