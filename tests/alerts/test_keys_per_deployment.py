"""Issue 9 item 8, RET-013/015, X-009: each deployment keeps its own keys, across real processes.

Processes (each `python -m imi_alerts.app` with its own database, its OWN keys database, KEK
and X25519 key pair; one broker, one database server):
  fr       IMI_MEMBER_STATES=FR           France's own deployment: the origin, its fan-out worker
  de       IMI_MEMBER_STATES=DE           Germany's own deployment
  central  IMI_MEMBER_STATES=ALL,-FR,-DE  every other participant (the Commission's EU included)

An alert launched in France reaches Germany's inbox readable: its copy carried the case key
wrapped for DE's public key, imported into DE's key store under DE's KEK. No deployment's
databases hold a KEK or private key of any deployment, and DE's key store does not open with
FR's KEK. Shredding the key at the origin (`python -m imi_shared.keys shred`, what a retention
job does) reaches every deployment: each key store shows the tombstone, each copy reads deleted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from bson import json_util
from cluster import (
    PD_NAME,
    TOKENS,
    assert_no_dead_letters,
    inbox_copy,
    inbox_user,
    launch_and_broadcast,
    recipients_of,
    wait_until,
)

from imi_shared.keys import KekUnavailable, LocalKeyEncryptionKeys, MongoKeyStore, SealingError


def pd_in(value) -> bool:
    return PD_NAME in json.dumps(value, default=str)


async def dump(*dbs) -> str:
    parts = []
    for db in dbs:
        for name in await db.list_collection_names():
            async for doc in db[name].find({}):
                parts.append(json_util.dumps(doc))
    return "\n".join(parts)


def secrets_of(dep) -> list[str]:
    """The base64 of the deployment's KEK and X25519 private key, as they would sit in a DB."""
    text = dep.keys.kek.dump() + dep.keys.pair.dump()
    return [line.split("=", 1)[1] for line in text.splitlines() if "=" in line and line[0] != "#"]


async def copy_where(dep, participant, alert_id, test):
    copy = await inbox_copy(dep, inbox_user(participant), alert_id, participant)
    return copy if copy is not None and test(copy) else None


@pytest.mark.slow
async def test_keys_per_deployment_share_import_and_shred_everywhere(cluster):
    fr = cluster.add("fr", scope="FR", fanout_worker=True)
    de = cluster.add("de", scope="DE")
    central = cluster.add("central", scope="ALL,-FR,-DE")
    deps = (fr, de, central)
    await cluster.start_all()
    await cluster.seed_directory()

    alert = await launch_and_broadcast(fr, "FR", recipients_of("FR"))
    alert_id = alert["alert_id"]

    # the FR alert is readable, with its personal data, in DE's inbox and in central's (IT)
    readable = lambda c: pd_in(c["personal_data"])  # noqa: E731
    de_copy = await wait_until(
        lambda: copy_where(de, "DE", alert_id, readable), timeout=90, what="DE reads the FR alert"
    )
    assert de_copy["origin_ms"] == "FR" and not de_copy["personal_data_deleted"]
    await wait_until(
        lambda: copy_where(central, "IT", alert_id, readable),
        timeout=90,
        what="central reads its IT copy",
    )

    # each deployment holds the case key in ITS store, wrapped by ITS KEK
    mongo = cluster.mongo
    docs = {d.name: await d.keys_db(mongo).case_keys.find_one({"_id": alert_id}) for d in deps}
    assert {n: doc["kek_id"] for n, doc in docs.items()} == {
        "fr": "kek-fr",
        "de": "kek-de",
        "central": "kek-central",
    }
    assert "imported_from" not in docs["fr"]
    assert docs["de"]["imported_from"] == docs["central"]["imported_from"] == "alerts-fr"
    assert len({bytes(doc["wrapped_key"]) for doc in docs.values()}) == 3

    # no deployment's databases hold any deployment's KEK or private key
    every_secret = [s for d in deps for s in secrets_of(d)]
    for dep in deps:
        text = await dump(dep.db(mongo), dep.keys_db(mongo))
        assert not [s for s in every_secret if s in text], f"a secret in {dep.name}'s databases"

    # DE's key store with FR's KEK opens nothing (unknown KEK id, or, renamed, no authentication)
    with pytest.raises(KekUnavailable):
        await MongoKeyStore(de.keys_db(mongo), fr.keys.kek).get(alert_id)
    renamed = LocalKeyEncryptionKeys.parse(fr.keys.kek.dump().replace("kek-fr=", "kek-de="))
    with pytest.raises(SealingError):
        await MongoKeyStore(de.keys_db(mongo), renamed).get(alert_id)

    # shredding the key at the origin (the operator command a retention job runs) ...
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMI_")}
    env.update({"IMI_MONGO_URI": cluster.mongo_uri, "IMI_KEYS_DB_NAME": fr.keys.db_name})
    env["IMI_KEK"] = fr.keys.kek.dump()
    shred = subprocess.run(
        [sys.executable, "-m", "imi_shared.keys", "shred", alert_id],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shred.returncode == 0 and "shredded" in shred.stdout, shred.stdout + shred.stderr

    # ... reaches every deployment: a tombstone in each key store, each copy reads deleted
    async def tombstones():
        found = {d.name: await d.keys_db(mongo).case_keys.find_one({"_id": alert_id}) for d in deps}
        return found if all("shredded_at" in doc for doc in found.values()) else None

    stones = await wait_until(tombstones, timeout=60, what="every key store shows the tombstone")
    for name, doc in stones.items():
        assert "wrapped_key" not in doc and "kek_id" not in doc, f"{name} kept the wrapped key"
    assert stones["de"]["shred_from"] == stones["central"]["shred_from"] == "alerts-fr"
    deleted = lambda c: c["personal_data"] is None and c["personal_data_deleted"]  # noqa: E731
    for dep, participant in ((de, "DE"), (central, "IT"), (fr, "FR")):
        await wait_until(
            lambda dep=dep, p=participant: copy_where(dep, p, alert_id, deleted),
            timeout=60,
            what=f"the {participant} copy reads deleted in {dep.name}",
        )
    raw = await de.get(f"/inbox/{alert_id}", TOKENS(inbox_user("DE")), params={"participant": "DE"})
    assert raw.status_code == 200 and not pd_in(raw.json())

    assert not cluster.dead(), f"crashed: {cluster.dead()}"
    await assert_no_dead_letters(cluster)
