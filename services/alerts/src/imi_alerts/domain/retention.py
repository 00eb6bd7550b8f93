"""Retention hooks driven by the case service's events (X-052, X-011, RET-003): lock the
personal data of a closed or withdrawn alert, then purge it."""

from __future__ import annotations

from datetime import datetime

from .enums import AlertStatus
from .errors import Conflict
from .items import Items
from .personal_data import content_without_personal_data
from .record import AlertRecord, log, require_aware


def lock_personal_data(rec: AlertRecord, now: datetime) -> None:
    """X-052 `case.locked`: personal data is no longer shown (X-011 last row: as closed)."""
    require_aware(now)
    if rec.status not in (AlertStatus.CLOSED, AlertStatus.WITHDRAWN, AlertStatus.DELETED):
        raise Conflict("X-011", "only a closed or withdrawn alert is locked (RET-003)")
    # RET-034: a deleted draft's PD is deleted at once, the alert never reaching closure
    if not rec.pd_locked:
        rec.pd_locked = True
        log(rec, "personal_data_locked", now)


def purge_personal_data(rec: AlertRecord, items: Items, now: datetime) -> None:
    """X-052 `case.pd_deleted`: drop the PD-flagged provider fields and every attachment."""
    require_aware(now)
    if rec.pd_deleted:
        return
    if not rec.pd_locked:
        lock_personal_data(rec, now)
    drop_personal_data(rec, items)
    rec.pd_deleted = True
    log(rec, "personal_data_deleted", now)


def drop_personal_data(rec: AlertRecord, items: Items) -> None:
    """X-009: the content keeps its non-PD provider fields; no attachment is kept."""
    rec.content = content_without_personal_data(rec.content)
    items.drop_attachments()
