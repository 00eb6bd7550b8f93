"""Pure rules of the principal-status read model: how a directory event changes a status
document, and what a status document makes of a verified token's principal (X-054).

Documents (one collection, `_id` prefixed by kind):
    user:<id>       {"refuse_before": datetime | None, "removed_at": datetime | None}
    authority:<id>  {"deleted_at": datetime | None,
                     "access": [{"la": str, "workflow": str | None, "status": str | None,
                                 "at": datetime}]}
Every change is order-tolerant: times only move forward, an access entry is replaced only by a
change at least as recent, so a redelivered or late event leaves the same document.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..auth import Principal, PrincipalRefused
from .events import REMOVED_LIKE, AccessChanged, AuthorityDeleted, UserRemoved

Document = dict[str, Any]


def user_key(user_id: str) -> str:
    return f"user:{user_id}"


def authority_key(authority_id: str) -> str:
    return f"authority:{authority_id}"


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    a, b = _aware(a), _aware(b)
    if a is None or b is None:
        return a or b
    return max(a, b)


def user_after(
    doc: Document | None,
    *,
    refuse_before: datetime | None = None,
    removed_at: datetime | None = None,
) -> Document:
    """DIR-094/095: tokens issued up to the latest lock-out or reset are refused;
    DIR-090: a removal is for good (the earliest removal time is kept)."""
    doc = dict(doc or {})
    doc["refuse_before"] = _later(doc.get("refuse_before"), refuse_before)
    known = _aware(doc.get("removed_at"))
    removed_at = _aware(removed_at)
    doc["removed_at"] = min(d for d in (known, removed_at) if d) if known or removed_at else None
    return doc


def user_removed(doc: Document | None, event: UserRemoved) -> Document:
    return user_after(doc, removed_at=event.removed_at)


def access_changed(doc: Document | None, event: AccessChanged) -> Document:
    doc = dict(doc or {})
    entries = [dict(e) for e in doc.get("access", ())]
    at = _aware(event.changed_at)
    for entry in entries:
        if (entry["la"], entry.get("workflow")) == (event.la_code, event.workflow):
            known = _aware(entry.get("at"))
            if known is None or at is None or at >= known:
                entry.update(status=event.new_status, at=at)
            break
    else:
        entries.append(
            {"la": event.la_code, "workflow": event.workflow, "status": event.new_status, "at": at}
        )
    doc["access"] = entries
    doc.setdefault("deleted_at", None)
    return doc


def authority_deleted(doc: Document | None, event: AuthorityDeleted) -> Document:
    doc = dict(doc or {})
    doc["deleted_at"] = _aware(doc.get("deleted_at")) or _aware(event.deleted_at)
    doc.setdefault("access", [])
    return doc


def _withdrawn(authority: Document) -> tuple[set[str], set[str]]:
    """LA codes and "<la>/<workflow>" keys whose access is removed (or its request deleted)."""
    las: set[str] = set()
    workflows: set[str] = set()
    for entry in authority.get("access", ()):
        status = entry.get("status")
        if status is not None and status not in REMOVED_LIKE:
            continue
        if entry.get("workflow"):
            workflows.add(f"{entry['la']}/{entry['workflow']}")
        else:
            las.add(entry["la"])
    return las, workflows


def judge(
    principal: Principal,
    issued_at: datetime,
    user: Document | None,
    authority: Document | None,
) -> Principal:
    """The principal as it stands now, or `PrincipalRefused` (X-054). Users and authorities
    the read model has no document for are as their token says."""
    if user is not None:
        if user.get("removed_at") is not None:
            raise PrincipalRefused("DIR-090: this user was removed")
        refuse_before = _aware(user.get("refuse_before"))
        if refuse_before is not None and _aware(issued_at) <= refuse_before:  # type: ignore[operator]
            raise PrincipalRefused(
                "DIR-094: this token predates the account's lock-out or credentials reset; "
                "log in again"
            )
    if authority is None:
        return principal
    if authority.get("deleted_at") is not None:
        raise PrincipalRefused("DIR-106: the user's authority no longer exists")
    las, workflows = _withdrawn(authority)
    if not las and not workflows:
        return principal
    rights = {
        key: held
        for key, held in principal.user_rights.items()
        if key not in workflows and key.partition("/")[0] not in las
    }
    return principal.model_copy(
        update={
            "authority_roles": {
                la: roles for la, roles in principal.authority_roles.items() if la not in las
            },
            "user_rights": rights,
            "data_admin_las": tuple(la for la in principal.data_admin_las if la not in las),
        }
    )
