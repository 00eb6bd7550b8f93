"""Issue 9 item 8: a case key travels between deployments only wrapped for the recipient's
X25519 key pair, is imported under the recipient's OWN KEK, and the owner's shred reaches it.
(RET-013, RET-015: crypto-shredding reaches every copy; the cross-process proof is
tests/alerts/test_keys_per_deployment.py.)"""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from imi_shared.keys import (
    CaseKeyShredded,
    DeploymentKeyPair,
    KekUnavailable,
    KeySharing,
    LocalKeyEncryptionKeys,
    MongoKeyStore,
    PeerRegistry,
    SealingError,
    WrappedForDeployment,
    announce_shreds,
    apply_shred,
    own_peer_key,
    unwrap_share,
    wrap_for,
)
from imi_shared.sealing import KeyShredded

CASE = "ALR-FR-2026-00001"
FR, DE = DeploymentKeyPair.generate(), DeploymentKeyPair.generate()
DE_PEER = own_peer_key("alerts-de", "DE", DE)


def _key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def test_a_share_opens_only_with_the_recipients_private_key():
    key = _key()
    share = wrap_for(key, CASE, "alerts-fr", DE_PEER)
    assert unwrap_share(share, "alerts-de", DE) == key
    assert key.hex() not in share.model_dump_json() and share.recipient_key_id == DE.current_id
    with pytest.raises(SealingError):  # another deployment's private key
        unwrap_share(share.model_copy(update={"recipient": "alerts-fr"}), "alerts-fr", FR)
    with pytest.raises(SealingError):  # addressed to DE: FR does not even try
        unwrap_share(share, "alerts-fr", FR)
    other = DeploymentKeyPair.generate(DE.current_id)
    with pytest.raises(SealingError):  # same key id, another private key
        unwrap_share(share, "alerts-de", other)


def test_a_share_moved_to_another_case_or_sender_or_key_id_fails():
    share = wrap_for(_key(), CASE, "alerts-fr", DE_PEER)
    for change in (
        {"case_id": "ALR-FR-2026-00002"},  # AAD and HKDF info
        {"sender": "alerts-it"},
    ):
        with pytest.raises(SealingError):
            unwrap_share(share.model_copy(update=change), "alerts-de", DE)
    with pytest.raises(KekUnavailable):  # a key id DE does not hold
        unwrap_share(share.model_copy(update={"recipient_key_id": "dk-other"}), "alerts-de", DE)


def test_a_tampered_share_fails_authentication():
    share = wrap_for(_key(), CASE, "alerts-fr", DE_PEER)
    raw = bytearray(base64.b64decode(share.ciphertext))
    raw[0] ^= 1
    tampered = share.model_copy(update={"ciphertext": base64.b64encode(raw).decode()})
    with pytest.raises(SealingError):
        unwrap_share(tampered, "alerts-de", DE)
    other_eph = wrap_for(_key(), CASE, "alerts-fr", DE_PEER).ephemeral_public
    with pytest.raises(SealingError):
        unwrap_share(share.model_copy(update={"ephemeral_public": other_eph}), "alerts-de", DE)
    with pytest.raises(ValueError):  # the wire model refuses an oversized field
        WrappedForDeployment.model_validate({**share.model_dump(), "ciphertext": "A" * 500})


def test_the_peers_registry_parses_published_lines_and_finds_who_serves_a_participant():
    text = f"# peers\n{DE_PEER.line()}\n{own_peer_key('alerts', 'ALL,-DE', FR).line()}"
    registry = PeerRegistry.parse(text)
    assert [p.deployment_id for p in registry.serving("DE")] == ["alerts-de"]
    assert [p.deployment_id for p in registry.serving("IT")] == ["alerts"]
    assert PeerRegistry.parse(registry.dump().replace("\n", ";")).get("alerts-de") == DE_PEER
    with pytest.raises(KekUnavailable):
        PeerRegistry.parse("alerts-de DE dk-1=notbase64")
    with pytest.raises(KekUnavailable):
        PeerRegistry.parse(f"{DE_PEER.line()}\n{DE_PEER.line()}")


async def test_import_keeps_the_key_under_the_recipients_own_kek_idempotently(
    mongo_client, db_name
):
    fr_kek, de_kek = LocalKeyEncryptionKeys.generate(), LocalKeyEncryptionKeys.generate()
    fr_store = MongoKeyStore(mongo_client[f"{db_name}_fr"], fr_kek, announce_shreds=True)
    de_store = MongoKeyStore(mongo_client[f"{db_name}_de"], de_kek)
    peers = PeerRegistry.parse(f"{DE_PEER.line()}\n{own_peer_key('alerts-fr', 'FR', FR).line()}")
    fr = KeySharing("alerts-fr", FR, peers, fr_store)
    de = KeySharing("alerts-de", DE, peers, de_store)
    key = await fr_store.create_or_get(CASE)
    shares = fr.shares_for(CASE, key, ["FR", "DE", "IT"])
    assert shares["FR"] == () and shares["IT"] == ()  # none for itself, none for nobody
    assert [s.recipient for s in shares["DE"]] == ["alerts-de"]

    assert await fr.accept(shares["DE"]) is False  # not addressed to FR
    assert await de.accept(shares["DE"]) is True
    assert await de.accept(shares["DE"]) is False  # idempotent
    assert await de_store.get(CASE) == key
    doc = await de_store.collection.find_one({"_id": CASE})
    assert doc["kek_id"] == de_kek.current_id and doc["imported_from"] == "alerts-fr"
    with pytest.raises(KekUnavailable):  # FR's KEK opens nothing in DE's database
        await MongoKeyStore(mongo_client[f"{db_name}_de"], fr_kek).get(CASE)

    # the owner's shred is announced once and tombstones DE's copy; a later share is refused
    assert await fr_store.shred(CASE) is True
    sent = []

    class Outbox:
        async def run(self, work):
            class Tx:
                def emit(self, envelope, topic, key=None):
                    sent.append((envelope, topic, key))

            await work(Tx())

    args = {"owner": "alerts-fr", "member_state": "FR", "producer": "alerts"}
    assert await announce_shreds(fr_store, Outbox(), "keys", **args) == 1
    assert await announce_shreds(fr_store, Outbox(), "keys", **args) == 0  # once
    event = CaseKeyShredded.model_validate(sent[0][0].payload)
    assert (event.case_id, event.owner, sent[0][2]) == (CASE, "alerts-fr", CASE)
    assert await apply_shred(de_store, event, own_id="alerts-de") is True
    with pytest.raises(KeyShredded):
        await de_store.get(CASE)
    assert await KeySharing("alerts-de", DE, peers, de_store).accept(shares["DE"]) is False
    with pytest.raises(KeyShredded):  # an old share read again never revives the key
        await de_store.get(CASE)
    de_store.announce_shreds = True  # a received shred is never announced again (no echo)
    assert await announce_shreds(de_store, Outbox(), "keys", **args) == 0


async def test_a_shred_received_before_the_share_blocks_the_import(mongo_client, db_name):
    store = MongoKeyStore(mongo_client[db_name], LocalKeyEncryptionKeys.generate())
    peers = PeerRegistry.parse(DE_PEER.line())
    share = wrap_for(_key(), CASE, "alerts-fr", DE_PEER)
    await apply_shred(store, CaseKeyShredded(case_id=CASE, owner="alerts-fr"), own_id="alerts-de")
    assert await KeySharing("alerts-de", DE, peers, store).accept([share]) is False
    with pytest.raises(KeyShredded):
        await store.get(CASE)


def test_a_rotated_key_pair_still_opens_shares_made_for_its_old_key():
    key = _key()
    old_share = wrap_for(key, CASE, "alerts-fr", DE_PEER)
    rotated = DeploymentKeyPair.parse(DE.rotated().dump())
    assert rotated.current_id != DE.current_id and rotated.ids[1] == DE.current_id
    assert unwrap_share(old_share, "alerts-de", rotated) == key
    new_share = wrap_for(key, CASE, "alerts-fr", own_peer_key("alerts-de", "DE", rotated))
    assert new_share.recipient_key_id == rotated.current_id
    with pytest.raises(KekUnavailable):  # the old keyring does not hold the new key
        unwrap_share(new_share, "alerts-de", DE)
