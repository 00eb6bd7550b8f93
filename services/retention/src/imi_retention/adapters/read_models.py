"""Retention's own read models (versioned documents): the users of each authority (from
`user.created`, RET-004) and the cases open long enough to be reminded (RET-014)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import ClassVar

from imi_shared.documents import Document
from imi_shared.repository import VersionedRepository

BATCH = 200


@dataclass
class UserEntry:
    user_id: str
    authority_id: str
    member_state: str
    removed: bool = False


@dataclass
class OpenCase:
    """A request `answered`/`further_info_rejected`, or an alert broadcast, since `since`."""

    case_type: str
    case_id: str
    member_state: str
    la_code: str
    status: str
    since: datetime
    requesting_authority_id: str | None = None
    reminded_at: datetime | None = None

    @property
    def key(self) -> str:
        return f"{self.case_type}:{self.case_id}"


@dataclass
class CaseParties:
    """Who started a case and who takes part (RET-021, RET-022): from the case events."""

    case_type: str
    case_id: str
    member_state: str
    la_code: str
    initiator_id: str | None
    participant_ids: list[str]

    @property
    def key(self) -> str:
        return f"{self.case_type}:{self.case_id}"


class UserRepository(VersionedRepository[UserEntry]):
    collection: ClassVar[str] = "users"
    rule: ClassVar[str] = "RET-004"

    def identity(self, aggregate: UserEntry) -> str:
        return aggregate.user_id

    def to_document(self, aggregate: UserEntry) -> Document:
        return asdict(aggregate)

    def from_document(self, document: Document) -> UserEntry:
        return UserEntry(**{k: v for k, v in document.items() if k not in ("_id", "version")})

    async def of_authority(self, authority_id: str) -> list[UserEntry]:
        return await self.find_where({"authority_id": authority_id, "removed": False})


class OpenCaseRepository(VersionedRepository[OpenCase]):
    collection: ClassVar[str] = "open_cases"
    rule: ClassVar[str] = "RET-014"

    def identity(self, aggregate: OpenCase) -> str:
        return aggregate.key

    def to_document(self, aggregate: OpenCase) -> Document:
        return asdict(aggregate)

    def from_document(self, document: Document) -> OpenCase:
        return OpenCase(**{k: v for k, v in document.items() if k not in ("_id", "version")})

    async def due(self, before: datetime) -> list[OpenCase]:
        """Open since before `before` and not reminded yet."""
        return await self.find_where(
            {"reminded_at": None, "since": {"$lte": before}}, sort=[("since", 1)], limit=BATCH
        )


class CasePartiesRepository(VersionedRepository[CaseParties]):
    collection: ClassVar[str] = "case_parties"
    rule: ClassVar[str] = "RET-021"

    def identity(self, aggregate: CaseParties) -> str:
        return aggregate.key

    def to_document(self, aggregate: CaseParties) -> Document:
        return asdict(aggregate)

    def from_document(self, document: Document) -> CaseParties:
        return CaseParties(**{k: v for k, v in document.items() if k not in ("_id", "version")})


MAX_PARTIES = 2_000  # an alert's recipient mailboxes and coordinators (31 states)


async def note_parties(tx, parties: CaseParties) -> None:
    """Record or widen the case's parties (the first initiator seen stays)."""
    repo = CasePartiesRepository(tx)
    found = await repo.find(parties.key)
    if found is None:
        parties.participant_ids = list(dict.fromkeys(parties.participant_ids))[:MAX_PARTIES]
        await repo.add(parties)
        return
    merged = list(dict.fromkeys([*found.participant_ids, *parties.participant_ids]))
    if found.initiator_id is None and parties.initiator_id is not None:
        found.initiator_id = parties.initiator_id
    elif merged[:MAX_PARTIES] == found.participant_ids:
        return
    found.participant_ids = merged[:MAX_PARTIES]
    await repo.save(found)
