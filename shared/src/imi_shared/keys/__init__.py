"""Data keys and key-encryption keys (envelope encryption); see kek.py for the design."""

from .errors import KekUnavailable, KeyShredded, SealingError
from .kek import KeyEncryptionKey, KeyManagementService, KmsKeyEncryptionKey, WrappedKey
from .local import LocalKeyEncryptionKeys, ensure_keyring_file, kek_from_settings
from .rewrap import RewrapReport, kek_usage, rewrap, rewrap_job
from .store import KeyStore, MongoKeyStore

__all__ = [
    "KekUnavailable",
    "KeyEncryptionKey",
    "KeyManagementService",
    "KeyShredded",
    "KeyStore",
    "KmsKeyEncryptionKey",
    "LocalKeyEncryptionKeys",
    "MongoKeyStore",
    "RewrapReport",
    "SealingError",
    "WrappedKey",
    "ensure_keyring_file",
    "kek_from_settings",
    "kek_usage",
    "rewrap",
    "rewrap_job",
]
