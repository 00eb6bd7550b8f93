"""The deployment's own X25519 key pair: how other deployments hand it a case key (keys/share.py).

Each deployment (central, a state's own alerts deployment...) has its own key store and KEK, so
a data key cannot be read from another deployment's database. To let deployment B read a case
that deployment A owns, A wraps the data key for B's PUBLIC key; only B's PRIVATE key opens it.

The private keys are held like the KEK, outside MongoDB (settings, environment prefix IMI_):

* `deployment_key_file` (IMI_DEPLOYMENT_KEY_FILE): a file only the service's user can read
  (`python -m imi_shared.keys pair FILE` creates one; `make run` does it per deployment);
* `deployment_key` (IMI_DEPLOYMENT_KEY): the same text as an environment secret.

Text format: the keyring format of keys/local.py, `<key-id>=<base64 of the 32-byte X25519
private key>`, the FIRST entry current (other deployments wrap for its public key), the others
kept only to open shares made for them before a rotation (see docs/KEYS.md "Rotation").
"""

from __future__ import annotations

import base64
import secrets
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from .errors import KekUnavailable, SealingError
from .local import parse_keyring, write_keyring_text


class DeploymentKeyPair:
    """The deployment's X25519 private keys (current first); `exchange` is all that uses them,
    so a KMS/HSM adapter offering ECDH under a key id can replace this class."""

    def __init__(self, keys: dict[str, bytes], current_id: str) -> None:
        if current_id not in keys:
            raise KekUnavailable(f"the current deployment key {current_id!r} is not in the keyring")
        self._keys = {k: X25519PrivateKey.from_private_bytes(v) for k, v in keys.items()}
        self._current = current_id

    @classmethod
    def generate(cls, key_id: str | None = None) -> DeploymentKeyPair:
        key_id = key_id or f"dk-{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        return cls({key_id: _raw_private(X25519PrivateKey.generate())}, key_id)

    @classmethod
    def parse(cls, text: str) -> DeploymentKeyPair:
        keys, current = parse_keyring(text, "deployment key")
        return cls(keys, current)

    @classmethod
    def from_file(cls, path: str | Path) -> DeploymentKeyPair:
        try:
            return cls.parse(Path(path).read_text(encoding="ascii"))
        except OSError as exc:
            raise KekUnavailable(
                f"cannot read the deployment key file {path}: {exc.strerror}"
            ) from exc

    @property
    def current_id(self) -> str:
        return self._current

    @property
    def ids(self) -> tuple[str, ...]:
        return (self._current, *(k for k in self._keys if k != self._current))

    def rotated(self, key_id: str | None = None) -> DeploymentKeyPair:
        """A keyring with a fresh current key; the previous ones still open older shares."""
        fresh = DeploymentKeyPair.generate(key_id)
        if fresh.current_id in self._keys:
            raise KekUnavailable(f"deployment key id {fresh.current_id!r} is already held")
        keys = {k: _raw_private(v) for k, v in {**fresh._keys, **self._keys}.items()}
        return DeploymentKeyPair(keys, fresh.current_id)

    def public_key(self, key_id: str | None = None) -> bytes:
        """The raw 32-byte public key (what other deployments are configured with)."""
        return _raw_public(self._private(key_id or self._current).public_key())

    def exchange(self, key_id: str, peer_public: bytes) -> bytes:
        """ECDH of the private key `key_id` with a peer's (ephemeral) public key."""
        try:
            return self._private(key_id).exchange(X25519PublicKey.from_public_bytes(peer_public))
        except ValueError as exc:  # a malformed or low-order point
            raise SealingError(f"key exchange with a bad public key failed: {exc}") from exc

    def _private(self, key_id: str) -> X25519PrivateKey:
        key = self._keys.get(key_id)
        if key is None:
            raise KekUnavailable(
                f"deployment key {key_id!r} is not held here (retired, or another deployment's)"
            )
        return key

    def dump(self) -> str:
        body = "\n".join(
            f"{k}={base64.b64encode(_raw_private(self._keys[k])).decode()}" for k in self.ids
        )
        return f"# IMI deployment X25519 private keys: first = current. SECRET, never commit.\n{body}\n"


def _raw_private(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def ensure_key_pair_file(path: str | Path) -> bool:
    """Create the deployment's key-pair file on first run (mode 0600); True if created."""
    if Path(path).exists():
        DeploymentKeyPair.from_file(path)  # refuse a damaged file now
        return False
    write_keyring_text(path, DeploymentKeyPair.generate().dump())
    return True


def key_pair_from_settings(settings) -> DeploymentKeyPair | None:
    """The deployment's key pair from `deployment_key_file` / `deployment_key`; None when neither
    is set (the deployment then neither shares nor imports keys: one key store for all)."""
    secret = settings.deployment_key.get_secret_value() if settings.deployment_key else ""
    if settings.deployment_key_file and secret:
        raise KekUnavailable("set IMI_DEPLOYMENT_KEY_FILE or IMI_DEPLOYMENT_KEY, not both")
    if settings.deployment_key_file:
        return DeploymentKeyPair.from_file(settings.deployment_key_file)
    return DeploymentKeyPair.parse(secret) if secret else None
