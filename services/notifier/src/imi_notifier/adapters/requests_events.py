"""The notifier's narrow models of the requests service's events (`imi.requests.events`,
X-051): only the fields routing reads (NOT-003, NOT-007..NOT-015, NOT-046).

Never imports `imi_requests`; `tests/test_requests_contract.py` checks each model against the
requests service's checked-in schemas. Sealed texts (justifications) are never read: a
notification carries no case content (NOT-001).
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from imi_shared.contracts import expects
from imi_shared.envelope import Event, EventCatalog

ID, CODE = 64, 60
SIDES = ("requesting", "responding", "requesting_coordinator", "responding_coordinator")
# the statuses routing compares with (domain.request_routing.BY_STATUS, SILENT_STATUSES)
ROUTED_STATUSES = (
    "draft",
    "awaiting_acceptance",
    "awaiting_request_approval",
    "awaiting_reply_approval",
    "arbitration_requesting_coordinator",
    "arbitration_responding_coordinator",
    "answered",
    "further_info_requested",
)


class _RequestEvent(Event):
    aggregate_type: ClassVar[str] = "request"
    aggregate_id_field: ClassVar[str] = "request_id"

    request_id: str = Field(max_length=ID)
    la_code: str = Field(max_length=CODE)
    actor_user_id: str = Field(max_length=ID)
    actor_authority_id: str = Field(max_length=ID)
    requesting_authority_id: str = Field(max_length=ID)
    requesting_member_state: str = Field(max_length=2)


class RequestStatusChanged(_RequestEvent):
    event_type: ClassVar[str] = "request.status_changed"
    schema_version: ClassVar[str] = "1.1"

    old_status: str | None = Field(max_length=40)
    new_status: str = Field(max_length=40, json_schema_extra=expects(*ROUTED_STATUSES))
    rule: str = Field(default="", max_length=8)  # the §4.11 row
    side: str = Field(max_length=30, json_schema_extra=expects(*SIDES))  # the actor's side
    responding_authority_id: str | None = Field(default=None, max_length=ID)
    requesting_coordinator_id: str | None = Field(default=None, max_length=ID)
    responding_coordinator_id: str | None = Field(default=None, max_length=ID)
    split_from_request_id: str | None = Field(default=None, max_length=ID)  # REQ-065
    ref_no: str | None = Field(default=None, max_length=32)  # REQ-106 (schema 1.2; NOT-001)


class RequestAllocated(_RequestEvent):
    event_type: ClassVar[str] = "request.allocated"

    side: str = Field(max_length=30, json_schema_extra=expects(*SIDES))
    user_ids: tuple[str, ...] = Field(max_length=50)


class RequestSplit(_RequestEvent):
    event_type: ClassVar[str] = "request.split"

    new_request_id: str = Field(max_length=ID)


COORDINATOR_OPINION = "coordinator_opinion"
MESSAGE_KINDS = ("comment", "attachment_added", COORDINATOR_OPINION)


class RequestMessageAdded(_RequestEvent):
    """NOT-013: who wrote on which side, and the kind; the sealed texts are not read."""

    event_type: ClassVar[str] = "request.message_added"

    message_id: str = Field(max_length=ID)
    kind: str = Field(max_length=30, json_schema_extra=expects(*MESSAGE_KINDS))
    side: str = Field(max_length=30, json_schema_extra=expects(*SIDES))  # the author's side


USED: tuple[type[Event], ...] = (
    RequestStatusChanged,
    RequestAllocated,
    RequestSplit,
    RequestMessageAdded,
)


def requests_catalog() -> EventCatalog:
    return EventCatalog(*USED)
