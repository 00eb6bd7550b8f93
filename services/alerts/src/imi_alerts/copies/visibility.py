"""What one user may see of an inbox copy (X-010, X-011, X-014, ALR-026, ALR-038, ALR-079).

The stored view already holds only what the copy's participant may see. On top of it:
- a user of that participant sees it if its authority is on that participant's recipient list
  (with any alert right, ALR-011); personal data unless the alert is closed or withdrawn;
- a removed recipient sees the reduced view as it stood when it was removed (ALR-026);
- the Commission sees the Commission's copy (and, in the Commission's view, every copy) without
  personal data, and nothing a state has not broadcast;
- anybody else: no access.
"""

from __future__ import annotations

import copy as copying
from datetime import datetime
from enum import StrEnum
from typing import Any

from imi_shared.participants import COMMISSION

from ..domain import Actor, NoAccess, Recipient
from .model import InboxCopy


class CopyAccess(StrEnum):
    FULL = "full"
    NON_PERSONAL = "non_personal"
    REDUCED = "reduced"
    REMOVED = "removed"


def copy_access(
    copy: InboxCopy, viewer: Actor, *, commission_view: bool
) -> tuple[CopyAccess, Recipient | None]:
    assert copy.delivery is not None and copy.view is not None
    reduced = copy.view.get("access") == "reduced"
    if viewer.is_commission:
        if copy.participant != COMMISSION and not commission_view:
            raise NoAccess("X-010", "the Commission reads its own copy of an alert")
        return (CopyAccess.REDUCED if reduced else CopyAccess.NON_PERSONAL), None
    if viewer.member_state != copy.participant:
        raise NoAccess("X-010", f"this is the copy of {copy.participant}")
    if not viewer.can_read:
        raise NoAccess("ALR-011", "reading an alert needs an alert user right")
    if copy.delivery.active_recipient(viewer.authority_id) is not None:
        return (CopyAccess.REDUCED if reduced else CopyAccess.FULL), None
    removed = copy.delivery.last_removal(viewer.authority_id)
    if removed is not None:
        return CopyAccess.REMOVED, removed
    raise NoAccess("X-010", f"{viewer.authority_id} is not a recipient of this alert")


def visible_view(copy: InboxCopy, access: CopyAccess, removal: Recipient | None) -> dict[str, Any]:
    """The stored view cut down to `access` (personal data is filled in by the caller)."""
    assert copy.view is not None and copy.delivery is not None
    view = copying.deepcopy(copy.view)
    own = [r.model_dump(mode="json") for r in copy.delivery.recipients]
    view["recipients"] = [
        r for r in view.get("recipients", []) if r["member_state"] != copy.participant
    ] + own
    if access is CopyAccess.FULL:
        return view
    view["personal_data"] = None
    if access is CopyAccess.NON_PERSONAL:
        if copy.participant != COMMISSION:  # the Commission's view of a state's copy
            view["items"] = [i for i in view.get("items", []) if i["status"] == "broadcast"]
            closure = view.get("closure_proposal")
            if closure and closure["status"] != "broadcast":
                view["closure_proposal"] = None
            withdrawal = view.get("withdrawal")
            if withdrawal and withdrawal["status"] != "broadcast":
                view["withdrawal"] = None
        return view
    reduced = {
        "alert_id": view["alert_id"],
        "access": access.value,
        "overview": view["overview"],
        "description": None,
        "suggested_recipients": None,
        "personal_data": None,
        "recipients": view["recipients"],
        "items": [],
        "closure_proposal": None,
        "withdrawal": None,
        "history": view["history"],
    }
    if access is CopyAccess.REMOVED:
        assert removal is not None and removal.removed_at is not None
        until = removal.removed_at
        reduced["overview"] = {
            **view["overview"],
            "status": removal.status_at_removal or "broadcast",
        }
        reduced["recipients"] = [r for r in view["recipients"] if _at(r["added_at"]) <= until]
        reduced["history"] = [h for h in view["history"] if _at(h["at"]) <= until]
    return reduced


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value)
