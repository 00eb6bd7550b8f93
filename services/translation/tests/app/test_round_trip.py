"""End to end on the real local servers: HTTP submit → outbox relay → `informal_name.submitted`
on Kafka → the service's own consumer → names read model → GET shows the original; translate
over HTTP → the translation shown the same way (TRL-009)."""

from translation_support import bearer, eventually, running_translation

from imi_shared.auth import Principal

LDA = Principal(
    user_id="l", username="l", authority_id="IT-A", member_state="IT", local_data_admin=True
)
TRANSLATOR = Principal(user_id="t", username="t", authority_id="EU-TRL", member_state="EU")


async def test_trl_009_a_submitted_name_reaches_the_read_model_then_its_translation(
    infra, topics, db_name, unique
):
    authority_id = f"IT-{unique}"
    lda = LDA.model_copy(update={"authority_id": authority_id})
    path = f"/informal-names/authority/{authority_id}"
    async with running_translation(infra, topics, db_name) as (app, http):
        submitted = await http.post(
            "/informal-names",
            json={
                "entity": "authority",
                "entity_id": authority_id,
                "lang": "it",
                "text": "Ufficio",
            },
            headers=bearer(lda),
        )
        too_long = await http.post(
            "/informal-names",
            json={"entity": "register", "entity_id": "R", "lang": "it", "text": "x" * 301},
            headers=bearer(lda),
        )
        refused = await http.put(
            f"{path}/translations/hu", json={"text": "Hivatal"}, headers=bearer(lda)
        )

        async def shown(expected_text):
            async def probe():
                answer = await http.get(path, params={"lang": "hu"}, headers=bearer(lda))
                return (
                    answer.json()
                    if answer.status_code == 200 and answer.json()["text"] == expected_text
                    else None
                )

            return await eventually(probe, what=f"{expected_text!r} in the read model")

        original = await shown("Ufficio")
        translated = await http.put(
            f"{path}/translations/hu", json={"text": "Hivatal"}, headers=bearer(TRANSLATOR)
        )
        after = await shown("Hivatal")
        missing = await http.get(
            "/informal-names/authority/IT-none", params={"lang": "hu"}, headers=bearer(lda)
        )
    assert submitted.status_code == 202 and "hu" in submitted.json()["pending"]
    assert (too_long.status_code, too_long.json()["field"]) == (422, "text")
    assert refused.status_code == 403 and refused.json()["rule"] == "TRL-009"
    assert original == {"lang": "it", "text": "Ufficio", "translated": False}
    assert translated.status_code == 200 and translated.json()["translated"] == ["hu"]
    assert after == {"lang": "hu", "text": "Hivatal", "translated": True}
    assert missing.status_code == 404
