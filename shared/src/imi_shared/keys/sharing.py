"""Key sharing between deployments: the owner wraps a case key for each deployment that needs
it, the recipient imports it into its OWN key store (under its own KEK).

    sharing = key_sharing_from_settings(settings, store)   # None: this deployment shares nothing
    shares = sharing.shares_for(case_id, data_key, participants)  # at the owner (fan-out)
    await sharing.accept(update.key_shares)                # at a recipient, before unsealing

A deployment is named by `deployment_id` (IMI_DEPLOYMENT_ID, default its database name), holds
its X25519 key pair (keys/pairs.py) and the registry of its peers' public keys (keys/peers.py).
Once imported, the recipient never needs the owner again; a shred at the owner reaches it
through `case_key.shredded` (keys/shredding.py). See docs/KEYS.md.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from .pairs import DeploymentKeyPair, key_pair_from_settings
from .peers import PeerKey, PeerRegistry, peers_from_settings
from .share import WrappedForDeployment, unwrap_share, wrap_for
from .store import MongoKeyStore

_REMEMBERED = 4096  # case ids whose share this process has already handled


class KeySharing:
    """This deployment's identity, private keys, peers and key store, for sharing keys."""

    def __init__(
        self,
        deployment_id: str,
        pair: DeploymentKeyPair,
        peers: PeerRegistry,
        store: MongoKeyStore,
    ) -> None:
        self.deployment_id = deployment_id
        self.pair = pair
        self.peers = peers
        self.store = store
        self._handled: OrderedDict[str, None] = OrderedDict()

    def recipients(self, participant: str) -> tuple[PeerKey, ...]:
        """The other deployments serving `participant` (its copies are read there)."""
        return tuple(
            p for p in self.peers.serving(participant) if p.deployment_id != self.deployment_id
        )

    def shares_for(
        self, case_id: str, data_key: bytes, participants: Iterable[str]
    ) -> dict[str, tuple[WrappedForDeployment, ...]]:
        """Per participant, the shares of the case key for the deployments serving it (one
        wrap per deployment, reused for each participant it serves)."""
        made: dict[str, WrappedForDeployment] = {}
        out: dict[str, tuple[WrappedForDeployment, ...]] = {}
        for participant in participants:
            shares = []
            for peer in self.recipients(participant):
                if peer.deployment_id not in made:
                    made[peer.deployment_id] = wrap_for(data_key, case_id, self.deployment_id, peer)
                shares.append(made[peer.deployment_id])
            out[participant] = tuple(shares)
        return out

    async def accept(self, shares: Iterable[WrappedForDeployment]) -> bool:
        """Import the share addressed to this deployment, if any (idempotent). True if a key
        was stored now. A tombstone (the owner's shred arrived first) is never overwritten."""
        mine = next((s for s in shares if s.recipient == self.deployment_id), None)
        if mine is None or mine.case_id in self._handled:
            return False
        if await self.store.collection.find_one({"_id": mine.case_id}, projection={"_id": 1}):
            imported = False  # ours already (or shredded): no unwrap needed
        else:
            key = unwrap_share(mine, self.deployment_id, self.pair)
            imported = await self.store.import_key(mine.case_id, key, owner=mine.sender)
        self._handled[mine.case_id] = None
        while len(self._handled) > _REMEMBERED:
            self._handled.popitem(last=False)
        return imported


def deployment_id_of(settings) -> str:
    return settings.deployment_id or settings.db_name


def key_sharing_from_settings(settings, store: MongoKeyStore) -> KeySharing | None:
    """None when no deployment key pair is configured: the deployment then shares one key
    store with its peers (a single central deployment, in-process tests) and needs no shares."""
    pair = key_pair_from_settings(settings)
    if pair is None:
        return None
    return KeySharing(deployment_id_of(settings), pair, peers_from_settings(settings), store)
