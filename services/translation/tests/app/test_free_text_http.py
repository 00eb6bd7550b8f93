"""Machine translation over HTTP, the app on the real local servers and its engine a real
LibreTranslate-compatible server started by the test (counting calls): offer, success, cache
hit, timeout, 5xx, personal data, declared-language warning and the partner's languages (TRL-004, TRL-005, TRL-007, TRL-006, TRL-008, TRL-015)."""

from translation_support import bearer, running_translation

from imi_shared.auth import Principal
from imi_testkit.libretranslate import LibreTranslateServer

READER = Principal(user_id="r", username="r", authority_id="PT-A", member_state="PT")
COMMENT = {"lang": "de", "text": "Die Unterlagen wurden vollständig eingereicht.", "target": "pt"}
PT = "Os documentos foram apresentados na íntegra."


async def test_trl_004_trl_005_trl_006_trl_007_trl_015_translate_next_to_the_original_cached_and_failures(
    infra, topics, db_name
):
    auth = bearer(READER)
    translations = {("de", "pt", COMMENT["text"]): PT}
    with LibreTranslateServer(translations) as server:
        async with running_translation(
            infra,
            topics,
            db_name,
            mt_engine_url=server.url,
            mt_pairs="de-pt",
            mt_engine_timeout_seconds=0.5,
        ) as (app, http):
            offer = await http.get("/free-text/offer", params={"source": "de", "target": "pt"})
            offer = (offer.status_code, offer.json()) if offer.status_code != 401 else None
            offered = await http.get(
                "/free-text/offer", params={"source": "de", "target": "pt"}, headers=auth
            )
            not_offered = await http.get(
                "/free-text/offer", params={"source": "pt", "target": "de"}, headers=auth
            )
            body = {**COMMENT, "personal_data": False}
            first = await http.post("/free-text/translate", json=body, headers=auth)
            second = await http.post("/free-text/translate", json=body, headers=auth)
            calls_after_two = server.calls
            unsupported = await http.post(
                "/free-text/translate", json={**body, "target": "hu"}, headers=auth
            )
            personal = await http.post("/free-text/translate", json=COMMENT, headers=auth)
            server.mode = "error"
            other = {**body, "text": "Der Antrag ist unvollständig."}
            failed = await http.post("/free-text/translate", json=other, headers=auth)
            server.mode = "slow"
            timed_out = await http.post("/free-text/translate", json=other, headers=auth)
            server.release()
            check = await http.post(
                "/free-text/language-check",
                json={
                    "lang": "de",
                    "text": "Le dossier a été transmis à l'autorité compétente.",
                    "partner_languages": ["fr", "en"],
                },
                headers=auth,
            )
            too_long = await http.post(
                "/free-text/translate", json={**body, "text": "x" * 5001}, headers=auth
            )
    assert offer is None  # no token: 401
    assert offered.json()["offered"] is True and not_offered.json()["offered"] is False
    assert first.status_code == 200
    answer = first.json()
    assert answer["original"] == {"lang": "de", "text": COMMENT["text"]}
    assert answer["translation"]["text"] == PT and answer["translation"]["approximate"] is True
    assert "official translation" in answer["translation"]["notice"]
    assert answer["translation"]["cached"] is False and answer["language"]["looks_wrong"] is False
    assert second.json()["translation"]["cached"] is True and calls_after_two == 1
    assert unsupported.json()["translation"] is None
    assert unsupported.json()["reason"] == "no_engine_for_pair"
    assert personal.json()["reason"] == "personal_data_needs_trusted_engine"
    assert server.calls == 3  # + the 5xx and the timed-out one: none for refused texts
    assert (failed.status_code, failed.json()["rule"]) == (503, "TRL-005")
    assert (timed_out.status_code, timed_out.json()["rule"]) == (503, "TRL-005")
    assert "in time" in timed_out.json()["error"]
    # TRL-004: a declared language that looks wrong is warned (Lingua, offline)
    checked = check.json()
    assert (checked["declared"], checked["detected"], checked["looks_wrong"]) == ("de", "fr", True)
    # TRL-007: the partner speaks French and English, not the declared German
    assert (checked["partner_languages"], checked["in_partner_language"]) == (["fr", "en"], False)
    assert (too_long.status_code, too_long.json()["field"]) == (422, "text")
