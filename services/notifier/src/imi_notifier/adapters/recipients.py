"""The recipients read model (X-053): users and authority statuses from directory events.

Kept in the notifier's own database so nothing is asked of the directory at send time. The
e-mail address lives only here (the mailer reads it); it never goes on a topic (NOT-001).
"""

from __future__ import annotations

from typing import Any

from ..domain.notification import Recipient

USERS = "recipients"
AUTHORITIES = "recipient_authorities"


async def _put(documents, doc_id: str, fields: dict[str, Any]) -> None:
    current = await documents.get(doc_id)
    if current is None:
        await documents.insert({"_id": doc_id, "version": 1, **fields})
        return
    version = current["version"]
    replaced = {**current, **fields, "version": version + 1}
    if not await documents.replace(replaced, expected_version=version):
        raise RuntimeError(f"read model row {doc_id} changed meanwhile")  # retried by the bus


class RecipientBook:
    def __init__(self, tx) -> None:
        self.users = tx.documents(USERS)
        self.authorities = tx.documents(AUTHORITIES)

    async def put_user(self, recipient: Recipient, email: str) -> None:
        await _put(
            self.users,
            recipient.user_id,
            {
                "authority_id": recipient.authority_id,
                "member_state": recipient.member_state,
                "main_language": recipient.main_language,
                "email": email,
            },
        )

    async def put_authority_status(self, authority_id: str, status: str) -> None:
        await _put(self.authorities, authority_id, {"status": status})

    async def authority_status(self, authority_id: str) -> str | None:
        found = await self.authorities.get(authority_id)
        return None if found is None else found["status"]
