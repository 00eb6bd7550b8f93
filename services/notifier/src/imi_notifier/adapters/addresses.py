"""Where a notification goes, and the secrets only its mail may carry, at send time.

- a user: `recipients[<user id>].email` (the directory's sealed e-mail, unsealed when the
  user was recorded); a removed user (`status: removed`) gets nothing more (NOT-005);
- an authority: `recipient_authorities[<authority id>].email` (its registered address, NOT-002;
  kept by the recipients read model);
- an invitee (NOT-031, NOT-032): the address sealed in the invitation event (`secret`).
A coordinator mailing's subject and body (NOT-040) are unsealed here, for its authority mail.
The temporary password (NOT-037, NOT-038) is unsealed here only, and only for a mail to the
user's own address; nothing unsealed is stored or logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from imi_shared.sealing import Sealer

from ..domain.codes import MAILING_CODE, PASSWORD_CODES
from ..domain.notification import Notification

USERS, AUTHORITIES = "recipients", "recipient_authorities"


class NoAddressYet(Exception):
    """The read model has no address for the recipient (yet): retried with back-off."""


class NotToBeSent(Exception):
    """The recipient may not get it any more (removed user, NOT-005; rule NOT-037)."""


@dataclass(frozen=True)
class Delivery:
    address: str
    secrets: dict[str, str] = field(default_factory=dict)  # placeholders from sealed values


def _email(doc: dict[str, Any] | None) -> str | None:
    value = (doc or {}).get("email")
    return value if isinstance(value, str) and "@" in value else None


class Prefetched:
    """The read-model rows of a batch's recipients, read with one query per collection."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], dict[str, Any]] = {}

    async def load(self, tx, notifications: list[Notification]) -> Prefetched:
        for collection, kind in ((USERS, "user"), (AUTHORITIES, "authority")):
            ids = sorted({n.recipient_id for n in notifications if n.recipient_kind == kind})
            if ids:
                for doc in await tx.documents(collection).find({"_id": {"$in": ids}}):
                    self.rows[(collection, doc["_id"])] = doc
        return self

    async def get(self, tx, collection: str, doc_id: str) -> dict[str, Any] | None:
        if (collection, doc_id) in self.rows:
            return self.rows[(collection, doc_id)]
        return await tx.documents(collection).get(doc_id)


async def _mailing_text(sealer: Sealer, n: Notification) -> dict[str, str]:
    """NOT-040: the coordinator's own subject and body, for the mailing's template only."""
    if n.code != MAILING_CODE or n.secret is None:
        return {}
    sealed = await sealer.unseal(n.secret)
    if not isinstance(sealed, dict):
        return {}
    return {
        placeholder: sealed[key]
        for key, placeholder in (("subject", "mailing_subject"), ("body", "message"))
        if isinstance(sealed.get(key), str)
    }


async def resolve(
    tx, sealer: Sealer, n: Notification, settings=None, rows: Prefetched | None = None
) -> Delivery:
    rows = rows or Prefetched()
    if n.recipient_kind == "user":
        doc = await rows.get(tx, USERS, n.recipient_id)
        if doc is not None and doc.get("status") == "removed":
            raise NotToBeSent("NOT-005: the user was removed")
        address = _email(doc)
        if address is None:
            raise NoAddressYet("user")
        secrets = {}
        if n.code in PASSWORD_CODES and n.secret is not None:
            password = await sealer.unseal(n.secret)  # NOT-037/038: own address only
            secrets["temporary_password"] = str(password)
        return Delivery(address, secrets)
    if n.code in PASSWORD_CODES:
        raise NotToBeSent("NOT-037: a temporary password goes only to the user's own address")
    if n.recipient_kind == "authority" and settings and n.recipient_id == settings.helpdesk_id:
        return Delivery(settings.helpdesk_email)  # NOT-039: the Commission's helpdesk
    if n.recipient_kind == "authority":
        address = _email(await rows.get(tx, AUTHORITIES, n.recipient_id))
        if address is None:
            raise NoAddressYet("authority")
        return Delivery(address, await _mailing_text(sealer, n))
    sealed = await sealer.unseal(n.secret) if n.secret is not None else None
    if not isinstance(sealed, dict) or not _email(sealed):
        raise NotToBeSent("NOT-031: the invitation holds no address")
    secrets = {
        key: str(sealed[key])
        for key in ("registration_code", "personal_message")
        if isinstance(sealed.get(key), str)
    }
    return Delivery(sealed["email"], secrets)
