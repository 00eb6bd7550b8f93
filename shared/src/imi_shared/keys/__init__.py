"""Data keys and key-encryption keys (envelope encryption, kek.py), and data keys shared
between deployments wrapped for each one's X25519 key pair (sharing.py, docs/KEYS.md)."""

from .errors import KekUnavailable, KeyShredded, SealingError
from .kek import KeyEncryptionKey, KeyManagementService, KmsKeyEncryptionKey, WrappedKey
from .local import LocalKeyEncryptionKeys, ensure_keyring_file, kek_from_settings
from .pairs import DeploymentKeyPair, ensure_key_pair_file, key_pair_from_settings
from .peers import PeerKey, PeerRegistry, own_peer_key, peers_from_settings
from .rewrap import RewrapReport, kek_usage, rewrap, rewrap_job
from .share import WrappedForDeployment, unwrap_share, wrap_for
from .sharing import KeySharing, deployment_id_of, key_sharing_from_settings
from .shredding import CaseKeyShredded, announce_shreds, apply_shred, keys_catalog, shred_relay
from .store import KeyStore, MongoKeyStore

__all__ = [
    "CaseKeyShredded",
    "DeploymentKeyPair",
    "KekUnavailable",
    "KeyEncryptionKey",
    "KeyManagementService",
    "KeySharing",
    "KeyShredded",
    "KeyStore",
    "KmsKeyEncryptionKey",
    "LocalKeyEncryptionKeys",
    "MongoKeyStore",
    "PeerKey",
    "PeerRegistry",
    "RewrapReport",
    "SealingError",
    "WrappedForDeployment",
    "WrappedKey",
    "announce_shreds",
    "apply_shred",
    "deployment_id_of",
    "ensure_key_pair_file",
    "ensure_keyring_file",
    "kek_from_settings",
    "kek_usage",
    "key_pair_from_settings",
    "key_sharing_from_settings",
    "keys_catalog",
    "own_peer_key",
    "peers_from_settings",
    "rewrap",
    "rewrap_job",
    "shred_relay",
    "unwrap_share",
    "wrap_for",
]
