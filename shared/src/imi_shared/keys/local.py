"""The local `KeyEncryptionKey`: a keyring of 256-bit AES-GCM KEKs held outside MongoDB.

Where it comes from (settings, environment prefix IMI_):

* `kek_file` (IMI_KEK_FILE): a file only the service's user can read; `make run` writes
  `.run/kek` on first run (never committed: .run/ is ignored), containers mount a secret;
* `kek` (IMI_KEK): the same text as an environment secret (e.g. injected by the orchestrator).

Text format: entries `<kek-id>=<base64 of 32 bytes>`, separated by newlines, commas or blanks;
`#` starts a comment line. The FIRST entry is the current KEK (it wraps new data keys); the
others only unwrap, until the re-wrap job has moved every data key off them and they are
removed (`python -m imi_shared.keys rotate|rewrap|status|retire`).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .errors import KekUnavailable, SealingError
from .kek import WrappedKey, wrapping_context

KEK_BYTES = 32
NONCE_BYTES = 12
_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class LocalKeyEncryptionKeys:
    """`KeyEncryptionKey` port: AES-256-GCM wrapping (nonce || ciphertext+tag), the KEK id and
    the key-store id as associated data."""

    def __init__(self, keys: dict[str, bytes], current_id: str) -> None:
        if current_id not in keys:
            raise KekUnavailable(f"the current KEK {current_id!r} is not in the keyring")
        for kek_id, key in keys.items():
            if not _ID.match(kek_id) or len(key) != KEK_BYTES:
                raise KekUnavailable(f"KEK {kek_id!r}: ids are [A-Za-z0-9._:-], keys 32 bytes")
        self._keys = dict(keys)
        self._current = current_id

    @classmethod
    def generate(cls, kek_id: str | None = None) -> LocalKeyEncryptionKeys:
        kek_id = kek_id or new_kek_id()
        return cls({kek_id: secrets.token_bytes(KEK_BYTES)}, kek_id)

    @classmethod
    def parse(cls, text: str) -> LocalKeyEncryptionKeys:
        keys, current = parse_keyring(text, "KEK")
        return cls(keys, current)

    @classmethod
    def from_file(cls, path: str | Path) -> LocalKeyEncryptionKeys:
        try:
            return cls.parse(Path(path).read_text(encoding="ascii"))
        except OSError as exc:
            raise KekUnavailable(f"cannot read the KEK file {path}: {exc.strerror}") from exc

    @property
    def current_id(self) -> str:
        return self._current

    @property
    def ids(self) -> tuple[str, ...]:
        """Current first, then the older ones."""
        return (self._current, *(k for k in self._keys if k != self._current))

    def rotated(self, kek_id: str | None = None) -> LocalKeyEncryptionKeys:
        """A keyring with a fresh current KEK; the previous ones still unwrap."""
        fresh = LocalKeyEncryptionKeys.generate(kek_id)
        if fresh.current_id in self._keys:
            raise KekUnavailable(f"KEK id {fresh.current_id!r} is already in the keyring")
        return LocalKeyEncryptionKeys({**fresh._keys, **self._keys}, fresh.current_id)

    def without(self, kek_id: str) -> LocalKeyEncryptionKeys:
        """The keyring once `kek_id` is retired (never the current one)."""
        if kek_id == self._current:
            raise KekUnavailable("the current KEK cannot be retired: rotate first")
        return LocalKeyEncryptionKeys(
            {k: v for k, v in self._keys.items() if k != kek_id}, self._current
        )

    def dump(self) -> str:
        body = "\n".join(f"{k}={base64.b64encode(self._keys[k]).decode()}" for k in self.ids)
        return f"# IMI key-encryption keys: first = current. SECRET, never commit.\n{body}\n"

    async def wrap(self, data_key: bytes, context: str) -> WrappedKey:
        nonce = os.urandom(NONCE_BYTES)
        aad = _aad(self._current, context)
        blob = nonce + AESGCM(self._keys[self._current]).encrypt(nonce, data_key, aad)
        return WrappedKey(self._current, blob)

    async def unwrap(self, wrapped: WrappedKey, context: str) -> bytes:
        kek = self._keys.get(wrapped.kek_id)
        if kek is None:
            raise KekUnavailable(
                f"the data key of {context} is wrapped by KEK {wrapped.kek_id!r}, "
                f"which this keyring does not hold (retired, or another deployment's)"
            )
        nonce, body = wrapped.blob[:NONCE_BYTES], wrapped.blob[NONCE_BYTES:]
        try:
            return AESGCM(kek).decrypt(nonce, body, _aad(wrapped.kek_id, context))
        except (InvalidTag, ValueError) as exc:
            raise SealingError(
                f"the wrapped data key of {context} failed authentication (altered or moved)"
            ) from exc


def parse_keyring(text: str, what: str) -> tuple[dict[str, bytes], str]:
    """Entries `<id>=<base64 of 32 bytes>` (newlines, commas or blanks between them, `#`
    comment lines); returns the keys and the FIRST id (the current key). The same text format
    holds the KEKs and the deployment's X25519 private keys (keys/pairs.py)."""
    keys: dict[str, bytes] = {}
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    for entry in re.split(r"[\s,]+", "\n".join(lines).strip()):
        if not entry:
            continue
        key_id, sep, encoded = entry.partition("=")
        try:
            key = base64.b64decode(encoded.encode(), validate=True)
        except (binascii.Error, ValueError):
            key = b""
        if not sep or key_id in keys or len(key) != KEK_BYTES:
            raise KekUnavailable(
                f"a {what} keyring entry is not `<id>=<base64 of 32 bytes>` (or repeats an id)"
            )
        keys[key_id] = key
    if not keys:
        raise KekUnavailable(f"the {what} keyring is empty")
    return keys, next(iter(keys))


def _aad(kek_id: str, context: str) -> bytes:
    return wrapping_context(context) + f"|kek={kek_id}".encode()


def new_kek_id() -> str:
    return f"kek-{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def write_keyring(path: str | Path, keyring: LocalKeyEncryptionKeys) -> None:
    """Write the keyring readable by its owner only (replacing the file atomically)."""
    write_keyring_text(path, keyring.dump())


def write_keyring_text(path: str | Path, text: str) -> None:
    """Write a secret file readable by its owner only (replacing it atomically)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(text)
    os.replace(tmp, path)


def ensure_keyring_file(path: str | Path) -> bool:
    """`make run`: create the deployment's KEK file on first run; True if it was created."""
    if Path(path).exists():
        LocalKeyEncryptionKeys.from_file(path)  # refuse a damaged file now, not at first seal
        return False
    write_keyring(path, LocalKeyEncryptionKeys.generate())
    return True


def kek_from_settings(settings) -> LocalKeyEncryptionKeys:
    """The deployment's KEK from `settings.kek_file` or `settings.kek`; none configured is an
    error in every environment (no fail-open, and no KEK bundled in the repository)."""
    secret = settings.kek.get_secret_value() if settings.kek is not None else ""
    if settings.kek_file and secret:
        raise KekUnavailable("set IMI_KEK_FILE or IMI_KEK, not both")
    if settings.kek_file:
        return LocalKeyEncryptionKeys.from_file(settings.kek_file)
    if secret:
        return LocalKeyEncryptionKeys.parse(secret)
    raise KekUnavailable(
        "no key-encryption key configured: set IMI_KEK_FILE (a keyring file) or IMI_KEK "
        "(`python -m imi_shared.keys init FILE` creates one; `make run` does it for you)"
    )
