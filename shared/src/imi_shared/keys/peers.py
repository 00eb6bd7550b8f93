"""Where the other deployments' public keys come from: a small registry configured per deployment.

Settings (environment prefix IMI_): `deployment_peers_file` (IMI_DEPLOYMENT_PEERS_FILE) or
`deployment_peers` (IMI_DEPLOYMENT_PEERS). One entry per deployment, on its own line or
separated by `;`, `#` comment lines:

    <deployment-id> <scope> <key-id>=<base64 of the 32-byte X25519 public key>
    imi_alerts_fr FR dk-20261206T010000-a1b2c3=Vb2m...=
    imi_alerts ALL,-FR dk-20261206T010000-d4e5f6=Q0x1...=

`scope` is the deployment's IMI_MEMBER_STATES (`FR`, `ALL`, `ALL,-FR`): a case key is wrapped
for every deployment serving a participant the case is delivered to. A deployment publishes its
own line with `python -m imi_shared.keys public KEYFILE DEPLOYMENT_ID SCOPE`. Public keys are no
secret, but the registry is what a sender trusts: it comes from the deployment's configuration
(a file the operator distributes, later a directory-signed `deployment.key_published` event,
docs/KEYS.md), never from the bus unauthenticated.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..participants import parse_scope
from .errors import KekUnavailable
from .pairs import DeploymentKeyPair

_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


@dataclass(frozen=True)
class PeerKey:
    """One deployment's current public key and the participants it serves."""

    deployment_id: str
    scope_text: str
    key_id: str
    public: bytes

    @cached_property
    def scope(self) -> tuple[str, ...]:
        return parse_scope(self.scope_text)

    def serves(self, participant: str) -> bool:
        return participant in self.scope

    def line(self) -> str:
        return f"{self.deployment_id} {self.scope_text} {self.key_id}={_b64(self.public)}"


class PeerRegistry:
    """The deployments a case key may be wrapped for, by deployment id."""

    def __init__(self, peers: list[PeerKey]) -> None:
        self._peers: dict[str, PeerKey] = {}
        for peer in peers:
            if peer.deployment_id in self._peers:
                raise KekUnavailable(f"deployment {peer.deployment_id!r} listed twice in the peers")
            self._peers[peer.deployment_id] = peer

    @classmethod
    def parse(cls, text: str) -> PeerRegistry:
        peers = []
        lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
        for entry in re.split(r"[;\n]", "\n".join(lines)):
            if entry.strip():
                peers.append(_parse_entry(entry.strip()))
        return cls(peers)

    @classmethod
    def from_file(cls, path: str | Path) -> PeerRegistry:
        try:
            return cls.parse(Path(path).read_text(encoding="ascii"))
        except OSError as exc:
            raise KekUnavailable(f"cannot read the peers file {path}: {exc.strerror}") from exc

    def get(self, deployment_id: str) -> PeerKey | None:
        return self._peers.get(deployment_id)

    def serving(self, participant: str) -> tuple[PeerKey, ...]:
        return tuple(p for p in self._peers.values() if p.serves(participant))

    def __iter__(self):
        return iter(self._peers.values())

    def dump(self) -> str:
        return "".join(f"{p.line()}\n" for p in self._peers.values())


def _parse_entry(entry: str) -> PeerKey:
    parts = entry.split()
    key_id, _, encoded = parts[-1].partition("=") if len(parts) == 3 else ("", "", "")
    try:
        public = base64.b64decode(encoded.encode(), validate=True)
        parse_scope(parts[1])
    except (binascii.Error, ValueError, IndexError):
        public = b""
    if len(parts) != 3 or not _ID.match(parts[0]) or not _ID.match(key_id) or len(public) != 32:
        raise KekUnavailable(
            f"a deployment peers entry is not `<id> <scope> <key-id>=<base64 of 32 bytes>`: "
            f"{entry[:80]!r}"
        )
    return PeerKey(parts[0], parts[1], key_id, public)


def own_peer_key(deployment_id: str, scope_text: str, pair: DeploymentKeyPair) -> PeerKey:
    """The entry a deployment publishes for itself (its current public key)."""
    return PeerKey(deployment_id, scope_text, pair.current_id, pair.public_key())


def peers_from_settings(settings) -> PeerRegistry:
    if settings.deployment_peers_file and settings.deployment_peers:
        raise KekUnavailable("set IMI_DEPLOYMENT_PEERS_FILE or IMI_DEPLOYMENT_PEERS, not both")
    if settings.deployment_peers_file:
        return PeerRegistry.from_file(settings.deployment_peers_file)
    return PeerRegistry.parse(settings.deployment_peers)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
