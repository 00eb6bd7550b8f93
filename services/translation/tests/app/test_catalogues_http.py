"""The catalogues over HTTP on the real local servers: shipped at start, read by language,
searchable, edited by commission_translation only, and the completeness report (TRL-001..003)."""

from translation_support import bearer, running_translation

from imi_shared.auth import Principal

READER = Principal(user_id="r", username="r", authority_id="HU-A", member_state="HU")
TRANSLATOR = Principal(user_id="t", username="t", authority_id="EU-TRL", member_state="EU")


async def test_trl_001_trl_002_question_sets_in_two_languages_and_the_completeness_table(
    infra, topics, db_name
):
    async with running_translation(infra, topics, db_name) as (_, http):
        reader = bearer(READER)
        french = await http.get("/catalogues/question?lang=fr&parent=PQ-GENERAL", headers=reader)
        english = await http.get("/catalogues/question?lang=en&parent=PQ-GENERAL", headers=reader)
        hungarian = await http.get("/catalogues/question?lang=hu&parent=PQ-GENERAL", headers=reader)
        keywords = await http.get("/catalogues/la_keyword?lang=en&q=crafts", headers=reader)
        refused = await http.put(
            "/catalogues/answer/ANSWER.YES/labels/hu", json={"text": "Igen"}, headers=reader
        )
        labelled = await http.put(
            "/catalogues/answer/ANSWER.YES/labels/hu",
            json={"text": "Igen"},
            headers=bearer(TRANSLATOR),
        )
        report = await http.get("/catalogues/completeness", headers=reader)
    assert french.status_code == english.status_code == 200
    fr, en = french.json()["items"], english.json()["items"]
    assert [q["code"] for q in fr] == [q["code"] for q in en] and len(fr) >= 3
    assert fr[0]["text"] != en[0]["text"] and not fr[0]["fallback"]
    assert all(q["fallback"] and q["lang"] == "en" for q in hungarian.json()["items"])
    assert [k["code"] for k in keywords.json()["items"]] == ["services.crafts"]
    assert refused.status_code == 403 and refused.json()["rule"] == "TRL-003"
    assert labelled.status_code == 200 and "hu" in labelled.json()["languages"]
    missing = report.json()["missing"]
    assert "hu" not in missing["answer:ANSWER.YES"] and "hu" in missing["answer:ANSWER.NO"]
    # the table the issue asks make test to print
    print_completeness(missing)


def print_completeness(missing: dict[str, list[str]]) -> None:
    """Per kind: items missing a language, and which languages the most miss; then every
    question-set item (the content written for the manual's sets) with its missing ones."""
    by_kind: dict[str, list[list[str]]] = {}
    for item_id, languages in missing.items():
        by_kind.setdefault(item_id.split(":", 1)[0], []).append(languages)
    print("\ncatalogue completeness: kind, items missing languages, languages missing")
    for kind, rows in sorted(by_kind.items()):
        langs = sorted({lang for row in rows for lang in row})
        print(f"  {kind:<20} {len(rows):4d} items  missing: {' '.join(langs)}")
    print("question sets, item by item:")
    for item_id, languages in sorted(missing.items()):
        if item_id.split(":", 1)[0] in {"question_set", "question", "answer"}:
            print(f"  {item_id:<40} {len(languages):2d} missing: {' '.join(languages)}")


async def test_issue_9_a_refused_language_is_named_where_the_client_sent_it(infra, topics, db_name):
    """Issue 9 #12 (found by the fuzz run): TRL-001 named a query or path `lang` as `lang`;
    the kernel's field convention names parameters with their location."""
    async with running_translation(infra, topics, db_name) as (_, http):
        in_query = await http.get("/catalogues/answer?lang=00", headers=bearer(READER))
        in_path = await http.put(
            "/catalogues/answer/ANSWER.YES/labels/00",
            json={"text": "x"},
            headers=bearer(TRANSLATOR),
        )
    assert (in_query.status_code, in_query.json()["field"]) == (422, "query.lang")
    assert (in_path.status_code, in_path.json()["field"]) == (422, "path.lang")
