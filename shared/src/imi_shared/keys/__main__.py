"""Operator commands for the deployment's key-encryption keys (see keys/rewrap.py).

    python -m imi_shared.keys init FILE            create a keyring file if there is none
    python -m imi_shared.keys rotate FILE          a fresh KEK becomes current (old ones kept)
    python -m imi_shared.keys status               data keys per KEK, in IMI_KEYS_DB_NAME
    python -m imi_shared.keys rewrap               rewrap every data key under the current KEK
    python -m imi_shared.keys retire FILE KEK_ID   drop a KEK that no data key needs any more
    python -m imi_shared.keys pair FILE            create a deployment X25519 key pair file
    python -m imi_shared.keys rotate-pair FILE     a fresh current key pair (old ones kept)
    python -m imi_shared.keys public FILE ID SCOPE the peers-registry line of deployment ID
    python -m imi_shared.keys deployments PEERS DIR=ID:SCOPE...
                                                   per deployment DIR/kek and DIR/pair if
                                                   absent; PEERS: every one's public key
    python -m imi_shared.keys shred CASE_ID        shred a data key (the owner's shred relay
                                                   tells every deployment holding a share)

status/rewrap/retire/shred read the keyring from IMI_KEK_FILE / IMI_KEK (retire: from FILE) and the
key store from IMI_MONGO_URI and IMI_KEYS_DB_NAME (default imi_keys).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from ..mongo import make_client
from ..settings import ServiceSettings
from .errors import SealingError
from .local import (
    LocalKeyEncryptionKeys,
    ensure_keyring_file,
    kek_from_settings,
    write_keyring,
    write_keyring_text,
)
from .pairs import DeploymentKeyPair, ensure_key_pair_file
from .peers import own_peer_key
from .rewrap import kek_usage, rewrap
from .store import MongoKeyStore


def write_public(path: str, text: str) -> None:
    """The peers registry: public keys, readable by every service (not a secret)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(f"# public keys of the deployments (imi_shared.keys.peers)\n{text}")


async def _with_store(kek, action, *, announce_shreds: bool = False):
    client = make_client(ServiceSettings().mongo_uri)
    try:
        db = client[os.environ.get("IMI_KEYS_DB_NAME", "imi_keys")]
        return await action(MongoKeyStore(db, kek, announce_shreds=announce_shreds))
    finally:
        await client.close()


async def _main(args: argparse.Namespace) -> int:
    if args.command == "init":
        created = ensure_keyring_file(args.file)
        print(f"{args.file}: {'created' if created else 'already present, left as it is'}")
    elif args.command == "rotate":
        keyring = LocalKeyEncryptionKeys.from_file(args.file).rotated()
        write_keyring(args.file, keyring)
        print(f"{args.file}: current KEK is now {keyring.current_id}; run `rewrap` next")
    elif args.command == "status":
        usage = await _with_store(kek_from_settings(ServiceSettings()), kek_usage)
        for kek_id, count in sorted(usage.items()):
            print(f"{kek_id}: {count} data keys")
    elif args.command == "rewrap":
        report = await _with_store(kek_from_settings(ServiceSettings()), rewrap)
        print(
            f"rewrapped {report.rewrapped}, skipped {report.skipped}, failed {len(report.failed)}"
        )
        return 1 if report.failed else 0
    elif args.command == "pair":
        created = ensure_key_pair_file(args.file)
        print(f"{args.file}: {'created' if created else 'already present, left as it is'}")
    elif args.command == "rotate-pair":
        pair = DeploymentKeyPair.from_file(args.file).rotated()
        write_keyring_text(args.file, pair.dump())
        print(f"{args.file}: current key is now {pair.current_id}; publish `public` to the peers")
    elif args.command == "public":
        pair = DeploymentKeyPair.from_file(args.file)
        print(own_peer_key(args.deployment_id, args.scope, pair).line())
    elif args.command == "deployments":
        lines = []
        for spec in args.deployments:
            folder, _, ident = spec.partition("=")
            deployment_id, _, scope = ident.partition(":")
            ensure_keyring_file(f"{folder}/kek")
            ensure_key_pair_file(f"{folder}/pair")
            pair = DeploymentKeyPair.from_file(f"{folder}/pair")
            lines.append(own_peer_key(deployment_id, scope or "ALL", pair).line())
        write_public(args.peers, "".join(f"{line}\n" for line in lines))
        print(f"{args.peers}: {len(lines)} deployments' public keys")
    elif args.command == "shred":
        kek = kek_from_settings(ServiceSettings())
        done = await _with_store(kek, lambda store: store.shred(args.case_id), announce_shreds=True)
        print(f"{args.case_id}: {'shredded' if done else 'no live key (tombstone written)'}")
    else:
        keyring = LocalKeyEncryptionKeys.from_file(args.file)
        remaining = keyring.without(args.kek_id)
        usage = await _with_store(keyring, kek_usage)
        if usage.get(args.kek_id):
            print(f"{args.kek_id} still wraps {usage[args.kek_id]} data keys: run rewrap first")
            return 1
        write_keyring(args.file, remaining)
        print(f"{args.kek_id} retired; {args.file} holds {', '.join(remaining.ids)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m imi_shared.keys", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("init", "rotate", "retire", "pair", "rotate-pair", "public"):
        cmd = sub.add_parser(name)
        cmd.add_argument("file")
        if name == "retire":
            cmd.add_argument("kek_id")
        if name == "public":
            cmd.add_argument("deployment_id")
            cmd.add_argument("scope")
    sub.add_parser("shred").add_argument("case_id")
    cmd = sub.add_parser("deployments")
    cmd.add_argument("peers")
    cmd.add_argument("deployments", nargs="+", metavar="DIR=ID:SCOPE")
    sub.add_parser("status")
    sub.add_parser("rewrap")
    try:
        return asyncio.run(_main(parser.parse_args(argv)))
    except SealingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
