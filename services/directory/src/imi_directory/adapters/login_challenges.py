"""The positions of the security code asked at login (DIR-093, DIR-147), bound to the client
that asked for them (issue 9 item 3), single-use and short-lived.

`/auth/challenge` answers an unguessable challenge id with the positions; the login presents
it. Only the id's SHA-256 is stored, with the digests of the username and of the client, so a
database reader cannot answer a pending challenge. A client has at most one pending challenge
per username (asking again supersedes it); other clients' challenges for the same username are
left alone, so nobody can spoil someone else's login by asking for a challenge.

A challenge is stored for any username, known or not, so the challenge endpoint does not tell
which usernames exist. Expired challenges are swept by a TTL index (and refused before that).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from imi_shared.mongo import Transaction

COLLECTION = "login_challenges"
INDEXES = [
    IndexModel([("expires_at", ASCENDING)], name="expires_at", expireAfterSeconds=0),
    IndexModel([("user", ASCENDING), ("client", ASCENDING)], name="user_client"),
]


async def ensure_indexes(db: AsyncDatabase) -> None:
    await db[COLLECTION].create_indexes(INDEXES)


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _user(username: str) -> str:
    return _sha("user:" + username)


def _client(client: str) -> str:
    return _sha("client:" + client)


class LoginChallenges:
    def __init__(self, tx: Transaction) -> None:
        self._collection = tx.db[COLLECTION]
        self._session = tx.session

    async def put(
        self,
        challenge_id: str,
        username: str,
        client: str,
        positions: Sequence[int],
        *,
        now: datetime,
        ttl: timedelta,
    ) -> None:
        """Store a new challenge; the client's previous one for this username is superseded."""
        owner = {"user": _user(username), "client": _client(client)}
        await self._collection.delete_many(owner, session=self._session)
        await self._collection.insert_one(
            {
                "_id": _sha(challenge_id),
                **owner,
                "positions": list(positions),
                "issued_at": now,
                "expires_at": now + ttl,
            },
            session=self._session,
        )

    async def take(
        self, challenge_id: str, username: str, client: str, *, now: datetime
    ) -> tuple[int, ...] | None:
        """The positions of this pending challenge, consumed; None when it is unknown (never
        issued, superseded, already used), expired, or was issued for another username or to
        another client."""
        document = await self._collection.find_one_and_delete(
            {"_id": _sha(challenge_id)}, session=self._session
        )
        if document is None or document["user"] != _user(username):
            return None
        if document["client"] != _client(client):
            return None
        if document["expires_at"] <= now:
            return None
        return tuple(int(p) for p in document["positions"])
