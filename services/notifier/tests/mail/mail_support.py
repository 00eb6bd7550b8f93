"""Shared helpers of the mail tests: an in-memory key store, users in the read model."""

from __future__ import annotations

import os

from imi_notifier.handlers.queueing import queue_notifications
from imi_shared.sealing import KeyShredded, Sealer


class MemoryKeys:
    def __init__(self) -> None:
        self.keys: dict[str, bytes] = {}

    async def get(self, case_id: str) -> bytes | None:
        if case_id == "shredded":
            raise KeyShredded(case_id)
        return self.keys.get(case_id)

    async def create_or_get(self, case_id: str) -> bytes:
        return self.keys.setdefault(case_id, os.urandom(32))

    async def shred(self, case_id: str) -> bool:
        return self.keys.pop(case_id, None) is not None


SEALER = Sealer(MemoryKeys(), cache_ttl=0)
FORBIDDEN = ("Marie", "Curie", "mcurie", "Dupont")  # names and usernames of the fixtures


async def add_user(
    ctx, user_id="u1", email="marie@example.org", lang="fr", authority="FR-A", roles=()
):
    async def work(tx):
        await tx.documents("recipients").insert(
            {
                "_id": user_id,
                "version": 1,
                "authority_id": authority,
                "member_state": authority[:2],
                "main_language": lang,
                "email": email,
                "status": "active",
                "roles": [{"role": r, "la_code": None, "workflow": None} for r in roles],
            }
        )

    await ctx.uow.run(work)


async def add_authority(
    ctx, authority_id="FR-A", email="contact@fr-a.example.org", lang="fr", name="Ordre FR-A"
):
    async def work(tx):
        await tx.documents("recipient_authorities").insert(
            {
                "_id": authority_id,
                "version": 1,
                "email": email,
                "language": lang,
                "languages": [lang],
                "member_state": authority_id[:2],
                "status": "active",
                "name": name,
            }
        )

    await ctx.uow.run(work)


async def queue(ctx, notifications):
    return (await ctx.uow.run(lambda tx: queue_notifications(ctx, tx, notifications))).value


def row(ctx, notification_id):
    return ctx.uow.collections["mail_outbox"][notification_id]


def assert_clean(mail, *extra: str) -> None:
    """NOT-001: no subject PD, no username, nothing the test marks as forbidden."""
    for part in (mail.subject, mail.text, mail.html):
        for word in (*FORBIDDEN, *extra):
            assert word.lower() not in part.lower(), (word, part)


async def consume(ctx, handler, event, source_id="ev-x"):
    """A handler in one unit of work, as the bus runs it (event id = `source_id`)."""
    return (await ctx.uow.run(lambda tx: handler(ctx, event, tx, source_id))).value
