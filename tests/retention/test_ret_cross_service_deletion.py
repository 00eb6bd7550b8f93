"""Issue 15, the cross-service deletion (RET-001, RET-003, RET-012, RET-013, X-052): separate
processes of requests, alerts and retention (tests/retention/stack.py) share the servers and the
deployment's key store. A request is created and refused (a formal closure), an alert broadcast
and withdrawn; retention, its clock past every deletion date, locks and deletes both. Then the
raw Kafka topics and every row of every database are read: no plaintext PD of either case
anywhere, and every sealed value of either case fails with KeyShredded."""

from __future__ import annotations

import httpx
import pytest

from imi_alerts_testkit import AlertsApi, launch_body, seed_directory, standard_authorities
from imi_alerts_testkit.polling import eventually
from imi_shared.auth import Principal
from imi_shared.envelope import Envelope
from imi_shared.mongo import make_client
from imi_shared.sealing import KeyShredded, MongoKeyStore, SealedValue, Sealer
from imi_testkit.apps import bearer
from imi_testkit.directory_events import publish_directory_event
from imi_testkit.directory_events import requests_authority_registered as registered
from imi_testkit.raw_topics import read_raw

from .stack import retention_stack

PAST_DELETION_DAYS = 3 * 366 + 40  # beyond RET-001's 3 years (and RET-003's 6 months)


def requests_user(authority_id: str, ms: str) -> dict[str, str]:
    return bearer(
        Principal(
            user_id=f"u-{authority_id}",
            username=f"u-{authority_id}",
            authority_id=authority_id,
            member_state=ms,
            user_rights={"services/requests": ("request_handler",)},
        )
    )


def sealed_in(value) -> list[SealedValue]:
    """Every sealed value anywhere inside a JSON-like value."""
    if isinstance(value, dict):
        if {"case_id", "nonce", "ciphertext"} <= value.keys():
            return [SealedValue.model_validate({k: value[k] for k in SealedValue.model_fields})]
        return [s for v in value.values() for s in sealed_in(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in sealed_in(v)]
    return []


async def test_ret_001_003_013_deletion_reaches_every_topic_and_row_across_processes(
    infra, topics, unique, tmp_path, deployment_kek
):
    person, provider = f"Jeanne Sujet {unique}", f"Prestataire {unique}"
    files = (f"cv-{unique}.pdf", f"inspection-{unique}.pdf")
    plaintexts = [p.encode() for p in (person, provider, *files)]
    fr, de = f"fr-ca-{unique}", f"de-ca-{unique}"
    async with retention_stack(
        infra, topics, unique, tmp_path, offset_days=PAST_DELETION_DAYS
    ) as stack:
        client = make_client(infra.mongo_uri)
        dbs = {name: client[s.db_name] for name, s in stack.items()}
        for envelope in (registered(fr, "FR"), registered(de, "DE", may_refuse_requests=True)):
            await publish_directory_event(infra.kafka_bootstrap, topics, envelope)
        alert_ids = await seed_directory(
            infra.kafka_bootstrap, topics, standard_authorities(("FR", "DE"))
        )

        async def directories_known():
            requests_known = await dbs["requests"].directory_view.count_documents({})
            alerts_known = await dbs["alerts"].directory_view.count_documents({})
            return requests_known >= 2 and alerts_known >= len(alert_ids)

        await eventually(directories_known, timeout=30, what="both directory read models")
        async with (
            httpx.AsyncClient(base_url=stack["requests"].url, timeout=20) as req_http,
            httpx.AsyncClient(base_url=stack["alerts"].url, timeout=20) as alr_http,
        ):
            body = {
                "la_code": "services",
                "responding_authority_id": de,
                "question_set_code": "SD-GENERAL",
                "questions": [{"code": "SD-GENERAL.Q1", "attachment_id": "att-1"}],
                "attachments": [
                    {"attachment_id": "att-1", "filename": files[0], "content_ref": "s://1"}
                ],
                "subject": [{"name": "provider_name", "value": person}],
                "send": True,
            }
            created = await req_http.post("/requests", json=body, headers=requests_user(fr, "FR"))
            assert created.status_code == 201, created.text
            rid = created.json()["request_id"]
            why = {"justification": {"text": "Hors de notre compétence", "lang": "fr"}}
            refused = await req_http.post(
                f"/requests/{rid}/refuse", json=why, headers=requests_user(de, "DE")
            )
            assert refused.status_code == 200, refused.text  # formal closure: RET-001 starts

            api = AlertsApi(alr_http)
            pd_fields = [
                {"code": "name", "value": provider, "personal_data": True},
                {"code": "legal_form", "value": "sole trader", "personal_data": False},
            ]
            launched = launch_body(
                coordinator_id="FR-C",
                recipients=("DE",),
                mse="DE",
                provider=pd_fields,
                attachments=[{"attachment_id": "att-1", "filename": files[1]}],
            )
            launcher, forwarder = api.user("FR-A", "handler"), api.user("FR-C", "forwarder")
            aid = (await api.ok("POST", "/alerts", launcher, launched))["alert_id"]
            await api.ok("POST", f"/alerts/{aid}/submit", launcher)
            await api.ok("POST", f"/alerts/{aid}/accept", forwarder)
            await api.ok("POST", f"/alerts/{aid}/broadcast", forwarder)
            copy = await api.copy(aid, api.user("DE-INBOX", "forwarder"))
            assert copy["personal_data"]["provider"]  # DE's copy held the PD, sealed ...
            keys = MongoKeyStore(client[f"keys_{unique}"], deployment_kek)
            stored_copy = await dbs["alerts"].inbox.find_one({"_id": f"{aid}:DE"})
            (before,) = sealed_in(stored_copy["copy"]["sealed_personal_data"])
            opened = await Sealer(keys, cache_ttl=0).unseal(before)  # ... and this reader opens it
            assert opened["provider"][0]["value"] == provider
            withdrawal = {"justification": "the evidence was wrong"}
            await api.ok("POST", f"/alerts/{aid}/withdrawal", launcher, withdrawal)
            await api.ok("POST", f"/alerts/{aid}/withdrawal/broadcast", forwarder)

            async def both_deleted():
                vault = await dbs["requests"].locked_personal_data.find_one({"_id": rid})
                alert = await dbs["alerts"].alerts.find_one({"_id": aid})
                return (vault and "pd_deleted_at" in vault) and alert["state"]["pd_deleted"]

            await eventually(both_deleted, timeout=40, what="both cases' PD deleted (RET-013)")
            seen = (await req_http.get(f"/requests/{rid}", headers=requests_user(fr, "FR"))).json()
            assert seen["status"] == "refused" and seen["subject"] == []  # non-PD stays

        for case_id in (rid, aid):
            with pytest.raises(KeyShredded):
                await keys.get(case_id)
        sealed: list[SealedValue] = []
        for topic in (
            topics.requests_events,
            topics.alerts_events,
            topics.alerts_fanout,
            topics.alerts_deliveries,
            topics.retention_events,
            topics.keys_events,
        ):
            records = await read_raw(infra.kafka_bootstrap, topic, quiet_seconds=0.3)
            assert records or topic == topics.keys_events, topic
            for record in records:
                assert not [p for p in plaintexts if p in record.value], topic
                sealed += sealed_in(Envelope.from_bytes(record.value).payload)
        for topic in (topics.retention_events, topics.requests_events, topics.alerts_events):
            dead = await read_raw(infra.kafka_bootstrap, f"{topic}.dlq", quiet_seconds=0.3)
            assert not dead, [dict(r.headers).get("dlq.error") for r in dead]  # all applied
        rows = 0
        for db in (*dbs.values(), client[f"keys_{unique}"]):
            for name in await db.list_collection_names():
                async for row in db[name].find():
                    rows += 1
                    text = repr(row).encode()
                    assert not [p for p in plaintexts if p in text], f"{db.name}.{name}"
                    sealed += sealed_in(row)
        ours = [s for s in sealed if s.case_id in (rid, aid)]
        assert {s.case_id for s in ours} == {rid, aid}, "both cases travelled sealed"
        assert before in ours  # the copy opened above is among what opens no more
        uncached = Sealer(keys, cache_ttl=0)  # any process of the deployment
        for value in ours:
            with pytest.raises(KeyShredded):
                await uncached.unseal(value)
        records = await dbs["retention"].retention_records.find().to_list(20)
        done = {r["case_id"] for r in records if r.get("pd_deleted")}
        assert {rid, aid} <= done and rows > 0
        await client.close()
