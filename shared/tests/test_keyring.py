"""The local KEK keyring: its text format, where settings take it from, the operator CLI."""

from __future__ import annotations

import stat

import pytest

from imi_shared.keys import KekUnavailable, LocalKeyEncryptionKeys, kek_from_settings
from imi_shared.keys.__main__ import main as keys_cli
from imi_shared.keys.local import ensure_keyring_file
from imi_shared.settings import ServiceSettings


async def test_keyring_text_round_trip_keeps_the_current_kek_first():
    keyring = LocalKeyEncryptionKeys.generate("kek-1").rotated("kek-2")
    again = LocalKeyEncryptionKeys.parse(keyring.dump())
    assert again.ids == ("kek-2", "kek-1") and again.current_id == "kek-2"
    wrapped = await keyring.wrap(b"k" * 32, "REQ-1")
    assert wrapped.kek_id == "kek-2" and await again.unwrap(wrapped, "REQ-1") == b"k" * 32
    one_line = ",".join(keyring.dump().splitlines()[1:])  # an environment secret on one line
    assert LocalKeyEncryptionKeys.parse(one_line).ids == ("kek-2", "kek-1")


@pytest.mark.parametrize(
    "text", ["", "# only a comment", "kek-1", "kek-1=c2hvcnQ=", "kek-1=!!!", "bad id=" + "A" * 44]
)
def test_malformed_keyrings_are_refused(text):
    with pytest.raises(KekUnavailable):
        LocalKeyEncryptionKeys.parse(text)


def test_the_current_kek_cannot_be_retired():
    keyring = LocalKeyEncryptionKeys.generate("kek-1")
    with pytest.raises(KekUnavailable, match="rotate first"):
        keyring.without("kek-1")


def test_settings_take_the_kek_from_a_file_or_a_secret_and_never_default(tmp_path, monkeypatch):
    monkeypatch.delenv("IMI_KEK", raising=False)
    monkeypatch.delenv("IMI_KEK_FILE", raising=False)
    with pytest.raises(KekUnavailable, match="IMI_KEK_FILE"):
        kek_from_settings(ServiceSettings())
    path = tmp_path / "kek"
    assert ensure_keyring_file(path) is True and ensure_keyring_file(path) is False
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    from_file = kek_from_settings(ServiceSettings(kek_file=str(path)))
    from_secret = kek_from_settings(ServiceSettings(kek=path.read_text()))
    assert from_file.ids == from_secret.ids
    assert "SecretStr" in repr(ServiceSettings(kek=path.read_text()).kek)  # never logged
    with pytest.raises(KekUnavailable, match="not both"):
        kek_from_settings(ServiceSettings(kek_file=str(path), kek=path.read_text()))


def test_cli_rotates_then_retires_only_a_kek_nothing_needs(tmp_path, monkeypatch, infra, db_name):
    path = tmp_path / "kek"
    monkeypatch.setenv("IMI_MONGO_URI", infra.mongo_uri)
    monkeypatch.setenv("IMI_KEYS_DB_NAME", f"{db_name}_keys")
    monkeypatch.setenv("IMI_KEK_FILE", str(path))
    monkeypatch.delenv("IMI_KEK", raising=False)
    assert keys_cli(["init", str(path)]) == 0
    first = LocalKeyEncryptionKeys.from_file(path).current_id
    assert keys_cli(["rotate", str(path)]) == 0
    assert LocalKeyEncryptionKeys.from_file(path).ids[1] == first
    assert keys_cli(["retire", str(path), first]) == 0  # the store holds no key yet
    assert LocalKeyEncryptionKeys.from_file(path).ids == (
        LocalKeyEncryptionKeys.from_file(path).current_id,
    )
    assert keys_cli(["rewrap"]) == 0 and keys_cli(["status"]) == 0
