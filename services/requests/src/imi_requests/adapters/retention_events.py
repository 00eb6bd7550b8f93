"""The retention events requests obeys (`imi.retention.events`, X-052): `case.locked` (RET-012)
and `case.pd_deleted` (RET-013), the kernel's one narrow model (imi_shared.retention_obeyed);
`tests/test_retention_contract.py` checks each against retention's checked-in schemas."""

from __future__ import annotations

from imi_shared.envelope import EventCatalog
from imi_shared.retention_obeyed import CASE_EVENTS, REQUEST, CaseLocked, CasePdDeleted

CASE_TYPE = REQUEST
USED = CASE_EVENTS

__all__ = ["CASE_TYPE", "USED", "CaseLocked", "CasePdDeleted", "retention_catalog"]


def retention_catalog() -> EventCatalog:
    return EventCatalog(*USED)
