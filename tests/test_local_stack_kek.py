"""`make run` gives each deployment its own key-encryption keyring, created on first run."""

from __future__ import annotations

import importlib.util
import stat
import sys
from pathlib import Path

from imi_shared.keys import LocalKeyEncryptionKeys

CONFIG = Path(__file__).resolve().parents[1] / "deploy" / "local" / "config.py"


def _config():
    spec = importlib.util.spec_from_file_location("local_stack_config", CONFIG)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_first_run_generates_the_keyring_later_runs_keep_it(tmp_path, monkeypatch):
    monkeypatch.delenv("IMI_KEK", raising=False)
    monkeypatch.delenv("IMI_KEK_FILE", raising=False)
    config = _config()
    env, note = config.deployment_kek(tmp_path)
    path = tmp_path / "kek"
    assert env == {"IMI_KEK_FILE": str(path)} and note and str(path) in note
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = LocalKeyEncryptionKeys.from_file(path).current_id
    again, note = config.deployment_kek(tmp_path)
    assert again == env and note is None
    assert LocalKeyEncryptionKeys.from_file(path).current_id == first
    other, _ = config.deployment_kek(tmp_path / "another-deployment")
    other_id = LocalKeyEncryptionKeys.from_file(other["IMI_KEK_FILE"]).current_id
    assert other_id != first  # one keyring per deployment


def test_a_keyring_given_in_the_environment_is_used_as_it_is(tmp_path, monkeypatch):
    monkeypatch.setenv("IMI_KEK", LocalKeyEncryptionKeys.generate().dump())
    assert _config().deployment_kek(tmp_path) == ({}, None)
    assert not (tmp_path / "kek").exists()


def test_the_alerts_deployment_gets_its_own_key_store_kek_and_key_pair(tmp_path, monkeypatch):
    """Issue 9 item 8: `make run`'s alerts deployment does not share the directory's keys."""
    from imi_shared.keys import DeploymentKeyPair, PeerRegistry

    for name in ("IMI_KEK", "IMI_KEK_FILE", "IMI_DEPLOYMENT_KEY", "IMI_DEPLOYMENT_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    config = _config()
    shared, _ = config.deployment_kek(tmp_path)
    env, notes = config.alerts_deployment_keys(tmp_path, "ALL")
    assert env["IMI_KEYS_DB_NAME"] == "imi_keys_alerts" and env["IMI_DEPLOYMENT_ID"] == "alerts"
    assert len(notes) == 2
    own = LocalKeyEncryptionKeys.from_file(env["IMI_KEK_FILE"]).current_id
    assert own != LocalKeyEncryptionKeys.from_file(shared["IMI_KEK_FILE"]).current_id
    pair_file = Path(env["IMI_DEPLOYMENT_KEY_FILE"])
    assert stat.S_IMODE(pair_file.stat().st_mode) == 0o600
    pair = DeploymentKeyPair.from_file(pair_file)
    peer = PeerRegistry.from_file(env["IMI_DEPLOYMENT_PEERS_FILE"]).get("alerts")
    assert peer is not None and peer.public == pair.public_key() and peer.serves("FR")
    again, notes = config.alerts_deployment_keys(tmp_path, "ALL")
    assert again == env and notes == []  # kept across runs
    assert DeploymentKeyPair.from_file(pair_file).current_id == pair.current_id
