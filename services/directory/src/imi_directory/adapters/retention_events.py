"""The retention user events the directory obeys (`imi.retention.events`, X-052, RET-004):
`user.pd_locked` and `user.pd_deleted`, the kernel's one narrow model
(imi_shared.retention_obeyed); `tests/test_retention_contract.py` checks each against
retention's checked-in schemas."""

from __future__ import annotations

from imi_shared.envelope import EventCatalog
from imi_shared.retention_obeyed import USER_EVENTS, UserPdDeleted, UserPdLocked

USED = USER_EVENTS

__all__ = ["USED", "UserPdDeleted", "UserPdLocked", "retention_catalog"]


def retention_catalog() -> EventCatalog:
    return EventCatalog(*USED)
