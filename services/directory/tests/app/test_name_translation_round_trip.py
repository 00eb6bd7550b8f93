"""TRL-009 / TRL-010 / TRL-016 round trip through Kafka, both services running on the real
local servers: the directory registers an authority with an informal name
(`authority.registered` 2.1 on imi.directory.events) -> the translation service queues it ->
`commission_translation` translates it over HTTP -> `informal_name.translated` on
imi.translation.events -> the directory's consumer puts it in the search projection -> a
German reader finds the authority by its German name, a French one does not; an edited name
drops the old translation and re-enters the queue."""

from search_support import coordinator, ids, register, search, search_app

from imi_directory.handlers import authorities
from imi_directory.handlers.commands import UpdateAuthorityData
from imi_shared.auth import Principal
from imi_testkit.apps import bearer, eventually, running_app
from imi_translation.app import create_app as create_translation
from imi_translation.settings import TranslationSettings

TRANSLATOR = Principal(user_id="t", username="t", authority_id="EU-TRL", member_state="EU")


async def test_trl_009_trl_010_a_translated_informal_name_is_found_in_its_display_language(
    infra, topics, db_name
):
    translator = bearer(TRANSLATOR)
    async with (
        search_app(infra, topics, db_name) as (directory, ctx),
        running_app(create_translation, TranslationSettings, infra, topics, f"{db_name}_trl") as (
            _,
            translation,
        ),
    ):
        fr = await coordinator(ctx, "FR")
        aid = await register(
            ctx,
            fr,
            "Préfecture de police de Paris",
            informal_name="Préfecture de police",
            informal_name_language="fr",
        )

        async def queued(text):
            async def probe():
                answer = await translation.get(
                    "/informal-names/queue", params={"lang": "de"}, headers=translator
                )
                return [
                    i for i in answer.json()["items"] if (i["entity_id"], i["text"]) == (aid, text)
                ]

            return await eventually(probe, timeout=30, what=f"{text!r} in the queue")

        (entry,) = await queued("Préfecture de police")
        done = await translation.put(
            f"/informal-names/authority/{aid}/translations/de",
            json={"text": "Polizeipräfektur"},
            headers=translator,
        )

        async def found_in_german():
            page = await search(directory, fr.headers, q="Polizeipräfektur", lang="de")
            return page if aid in ids(page) else None

        german = await eventually(found_in_german, timeout=30, what="the German name searched")
        french = await search(directory, fr.headers, q="Polizeipräfektur", lang="fr")
        # TRL-016: an edited name drops the translation of the old one and is queued again
        await authorities.update_data(
            ctx, fr.actor, aid, UpdateAuthorityData(informal_name="Préfecture")
        )
        (requeued,) = await queued("Préfecture")

        async def edit_projected():  # a barrier: the projection has applied the edit
            page = await search(directory, fr.headers, q="Préfecture", lang="fr")
            names = [i["informal_name"] for i in page["items"] if i["id"] == aid]
            return names == ["Préfecture"] or None

        await eventually(edit_projected, timeout=30, what="the edited name projected")
        after_edit = await search(directory, fr.headers, q="Polizeipräfektur", lang="de")
    assert entry["lang"] == "fr"
    assert done.status_code == 200, done.text
    (line,) = [item for item in german["items"] if item["id"] == aid]
    assert (line["informal_name"], line["informal_name_language"]) == ("Polizeipräfektur", "de")
    assert aid not in ids(french)  # TRL-010: a translation is searched in its language only
    assert requeued["lang"] == "fr" and aid not in ids(after_edit)
