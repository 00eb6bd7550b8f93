"""Retention obeyed on the real local servers (X-052): a request created over HTTP, then
retention's `case.locked` from Kafka takes its PD out of the API (RET-012), the helpdesk
extracts it (RET-016), and `case.pd_deleted` deletes it and shreds the case key (RET-013):
nothing of the case opens any more, and no row of the service's database holds its PD."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaProducer

from imi_requests.adapters.retention_events import CaseLocked, CasePdDeleted
from imi_requests.app import create_app
from imi_requests.settings import RequestsSettings
from imi_shared.auth import Principal
from imi_shared.envelope import Envelope
from imi_shared.keys import kek_from_settings
from imi_shared.participants import partition_for
from imi_shared.sealing import KeyShredded, MongoKeyStore, SealedValue, Sealer
from imi_testkit.apps import bearer, eventually, running_app
from imi_testkit.directory_events import publish_directory_event
from imi_testkit.directory_events import requests_authority_registered as registered
from imi_testkit.raw_topics import read_raw

NAME = "Jeanne Retention-Dupont"
AT = datetime(2026, 7, 15, tzinfo=UTC)


def user(authority_id: str, ms: str, **extra) -> dict[str, str]:
    return bearer(
        Principal(
            user_id=f"u-{authority_id}",
            username=f"u-{authority_id}",
            authority_id=authority_id,
            member_state=ms,
            **extra,
        )
    )


async def publish(bootstrap: str, topic: str, event) -> None:
    envelope = Envelope.wrap(event, producer="retention", member_state="FR")
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            topic, envelope.to_bytes(), key=b"FR", partition=partition_for("FR")
        )
    finally:
        await producer.stop()


async def test_ret_012_016_013_lock_extract_delete_on_the_real_servers(
    infra, unique, topics, db_name
):
    fr, de = f"fr-ca-{unique}", f"de-ca-{unique}"
    sender = user(fr, "FR", user_rights={"services/requests": ("request_handler",)})
    responder = user(de, "DE", user_rights={"services/requests": ("request_handler",)})
    helpdesk = user("commission-helpdesk", "EU")
    body = {
        "la_code": "services",
        "responding_authority_id": de,
        "question_set_code": "SD-GENERAL",
        "questions": [{"code": "SD-GENERAL.Q1", "attachment_id": "att-1"}],
        "attachments": [{"attachment_id": "att-1", "filename": "cv.pdf", "content_ref": "s://1"}],
        "subject": [{"name": "provider_name", "value": NAME}],
        "sending_justification": {"text": "Justification du dossier", "lang": "fr"},
        "send": True,
    }
    async with running_app(create_app, RequestsSettings, infra, topics, db_name) as (app, http):
        for envelope in (registered(fr, "FR"), registered(de, "DE", may_refuse_requests=True)):
            await publish_directory_event(infra.kafka_bootstrap, topics, envelope)
        db = app.state.runtime.uow.client[db_name]

        async def directory_known() -> bool:
            return await db.directory_view.count_documents({"_id": {"$in": [fr, de]}}) == 2

        await eventually(directory_known, timeout=30, what="the directory read model")
        created = await http.post("/requests", json=body, headers=sender)
        assert created.status_code == 201, created.text
        rid = created.json()["request_id"]
        assert created.json()["subject"][0]["value"] == NAME
        why = {"justification": {"text": "Refus motivé du dossier", "lang": "fr"}}
        refused = await http.post(f"/requests/{rid}/refuse", json=why, headers=responder)
        assert refused.status_code == 200, refused.text  # a formal closure (RET-001)
        lock = CaseLocked(
            case_type="request", case_id=rid, member_state="FR", rule="RET-001",
            locked_at=AT, delete_at=AT,
        )  # fmt: skip
        await publish(infra.kafka_bootstrap, topics.retention_events, lock)

        async def pd_hidden():
            seen = (await http.get(f"/requests/{rid}", headers=sender)).json()
            return seen if not seen["subject"] and not seen["attachments"] else None

        seen = await eventually(pd_hidden, timeout=30, what="the lock applied (RET-012)")
        assert seen["status"] == "refused" and seen["questions"]
        url = f"/requests/{rid}/locked-personal-data/extractions"
        refused = await http.post(url, json={"reason": "public_interest"}, headers=sender)
        assert refused.status_code == 404 and "RET-016" in refused.text
        ask = {"reason": "proof_of_exchange_with_consent", "requesting_authority_id": de}
        extracted = await http.post(url, json=ask, headers=helpdesk)
        assert extracted.status_code == 201, extracted.text
        assert extracted.json()["personal_data"]["subject"][0]["value"] == NAME
        assert await db.pd_extractions.count_documents({"case_id": rid}) == 1

        await publish(
            infra.kafka_bootstrap,
            topics.retention_events,
            CasePdDeleted(
                case_type="request", case_id=rid, member_state="FR", rule="RET-001",
                deleted_at=AT, key_id=rid,
            ),
        )  # fmt: skip

        async def deleted():
            row = await db.locked_personal_data.find_one({"_id": rid})
            return row if row and "pd_deleted_at" in row else None

        await eventually(deleted, timeout=30, what="the deletion applied (RET-013)")
        gone = await http.post(url, json=ask, headers=helpdesk)
        assert gone.status_code == 404 and "RET-013" in gone.text
        settings = app.state.runtime.settings
        keys = MongoKeyStore(db.client[settings.keys_db_name], kek_from_settings(settings))
        with pytest.raises(KeyShredded):
            await keys.get(rid)
        uncached = Sealer(keys, cache_ttl=0)  # any other process
        records = await read_raw(infra.kafka_bootstrap, topics.requests_events, quiet_seconds=0.5)
        assert not [r for r in records if NAME.encode() in r.value or b"Refus motiv" in r.value]
        sealed = [
            SealedValue.model_validate(p["sealed_texts"])
            for p in (Envelope.from_bytes(r.value).payload for r in records)
            if p.get("request_id") == rid and p.get("sealed_texts")
        ]
        assert sealed  # the refusal's justification travelled sealed ...
        for value in sealed:
            with pytest.raises(KeyShredded):  # ... and opens no more
                await uncached.unseal(value)
        for name in await db.list_collection_names():
            async for row in db[name].find():
                assert NAME not in repr(row) and "cv.pdf" not in repr(row), name
