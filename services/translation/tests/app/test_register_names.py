"""Registers' informal names end to end on the real local servers (TRL-009, TRL-016, REG-009):
raw `register.added` 1.1 and `register.informal_name_changed` envelopes, as the registers
service publishes them, on `imi.registers.events` → consumer `<db_name>.register-names` →
`informal_name.submitted` (entity "register") on `imi.translation.events` → the names read
model → `GET /informal-names/queue` of `commission_translation`."""

from translation_support import bearer, eventually, publish_raw, running_translation

from imi_shared.auth import Principal
from imi_shared.envelope import Envelope
from imi_shared.participants import partition_for
from imi_testkit.raw_topics import read_raw

TRANSLATOR = Principal(user_id="t", username="t", authority_id="EU-TRL", member_state="EU")


def from_registers(event_type: str, version: str, register_id: str, **payload) -> Envelope:
    return Envelope(
        event_type=event_type,
        schema_version=version,
        producer="registers",
        member_state="PT",
        aggregate_type="register",
        aggregate_id=register_id,
        payload={
            "register_id": register_id,
            "member_state": "PT",
            "actor_user_id": "u1",
            **payload,
        },
    )


async def test_trl_009_trl_016_reg_009_a_registers_name_reaches_the_queue_and_is_requeued(
    infra, topics, db_name, unique
):
    register_id = f"PT-R-{unique}"
    added = from_registers(
        "register.added",
        "1.1",
        register_id,
        managing_authority_id="PT-A",
        register_type="general",
        coverage="national",
        informal_name="Registo Nacional de Pessoas Coletivas",
        informal_name_language="pt",
    )
    renamed = from_registers(
        "register.informal_name_changed",
        "1.0",
        register_id,
        informal_name="Registo de Pessoas Coletivas",
        informal_name_language="pt",
    )
    async with running_translation(infra, topics, db_name) as (app, http):

        async def queued(lang, text):
            async def probe():
                answer = await http.get(
                    "/informal-names/queue", params={"lang": lang}, headers=bearer(TRANSLATOR)
                )
                items = answer.json()["items"] if answer.status_code == 200 else []
                return [i for i in items if i["entity_id"] == register_id and i["text"] == text]

            return await eventually(probe, what=f"{text!r} in the {lang} queue")

        await publish_raw(infra.kafka_bootstrap, topics.registers_events, added)
        (first,) = await queued("de", "Registo Nacional de Pessoas Coletivas")
        own_language = await http.get(
            "/informal-names/queue", params={"lang": "pt"}, headers=bearer(TRANSLATOR)
        )
        translated = await http.put(
            f"/informal-names/register/{register_id}/translations/de",
            json={"text": "Nationales Register juristischer Personen"},
            headers=bearer(TRANSLATOR),
        )
        await publish_raw(infra.kafka_bootstrap, topics.registers_events, renamed)
        (again,) = await queued("de", "Registo de Pessoas Coletivas")  # pending again
        # two submitted and one translated: read until all three are there
        records = await read_raw(infra.kafka_bootstrap, topics.translation_events, expect=3)
    assert first == {
        "entity": "register",
        "entity_id": register_id,
        "lang": "pt",
        "text": "Registo Nacional de Pessoas Coletivas",
    }
    assert own_language.json()["items"] == []
    assert translated.status_code == 200
    assert again["lang"] == "pt"
    assert {r.partition for r in records} == {partition_for("PT")}
    on_topic = [Envelope.from_bytes(r.value) for r in records]
    submitted = [e for e in on_topic if e.event_type == "informal_name.submitted"]
    assert [(e.payload["entity"], e.payload["text"], e.member_state) for e in submitted] == [
        ("register", "Registo Nacional de Pessoas Coletivas", "PT"),
        ("register", "Registo de Pessoas Coletivas", "PT"),
    ]
