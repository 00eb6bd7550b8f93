"""What is personal data in an alert (X-009, X-011, X-052): the one rule every copy, seal and
purge applies.

Personal data: the PD-flagged service-provider fields, the alert's attachments and every item's
attachments (attachments always count as PD). Everything else (history, recipients, texts of
items, non-PD provider fields) is non-personal.
"""

from __future__ import annotations

from typing import Any

from .content import AlertContent
from .items import AlertItem


def content_without_personal_data(content: AlertContent) -> AlertContent:
    """X-009: the content with only its non-PD provider fields and no attachments."""
    return content.model_copy(
        update={"provider": content.non_personal_provider(), "attachments": ()}
    )


def item_attachments(items: list[AlertItem]) -> dict[str, list[dict[str, Any]]]:
    """X-009: the attachments of every item that has some, by item id (JSON form)."""
    return {
        i.item_id: [a.model_dump(mode="json") for a in i.attachments]
        for i in items
        if i.attachments
    }


def personal_data_record(content: AlertContent, items: list[AlertItem]) -> dict[str, Any]:
    """The sealed part of an alert (JSON form): provider PD, attachments, item attachments."""
    return {
        "provider": [f.model_dump(mode="json") for f in content.provider if f.personal_data],
        "attachments": [a.model_dump(mode="json") for a in content.attachments],
        "items": item_attachments(items),
    }


def has_personal_data(record: dict[str, Any]) -> bool:
    return bool(record["provider"] or record["attachments"] or record["items"])
