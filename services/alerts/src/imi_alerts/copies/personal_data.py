"""Separating an alert's personal data from the rest, so only the PD is sealed (X-009, X-011).

Personal data of an alert: the PD-flagged service-provider fields, the alert's attachments and
every item's attachments (X-009: attachments always count as PD). Everything else (history,
recipients, texts of items, non-PD provider fields) is non-personal.
"""

from __future__ import annotations

import copy
from typing import Any

from ..domain import Alert


def split_personal_data(alert: Alert) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the alert's state as JSON without PD, the PD) — the state still validates as `Alert`."""
    state = alert.model_dump(mode="json")
    content = state["content"]
    pd = {
        "provider": [f for f in content["provider"] if f["personal_data"]],
        "attachments": content["attachments"],
        "items": {i["item_id"]: i["attachments"] for i in state["items"] if i["attachments"]},
    }
    content["provider"] = [f for f in content["provider"] if not f["personal_data"]]
    content["attachments"] = []
    for item in state["items"]:
        item["attachments"] = []
    return state, pd


def has_personal_data(pd: dict[str, Any]) -> bool:
    return bool(pd["provider"] or pd["attachments"] or pd["items"])


def with_personal_data(view: dict[str, Any], pd: dict[str, Any] | None) -> dict[str, Any]:
    """A stored (PD-free) view with its personal data filled in, or hidden when `pd` is None.

    In a full-access view `personal_data` is an object and item attachments are lists; in any
    other view they are null and stay so.
    """
    out = copy.deepcopy(view)
    full = out.get("personal_data") is not None
    if full and pd is not None:
        out["personal_data"] = {"provider": pd["provider"], "attachments": pd["attachments"]}
    else:
        out["personal_data"] = None
    for item in _items(out):
        if full and pd is not None:
            item["attachments"] = pd["items"].get(item["item_id"], [])
        else:
            item["attachments"] = None
    return out


def _items(view: dict[str, Any]) -> list[dict[str, Any]]:
    items = list(view.get("items") or [])
    closure = view.get("closure_proposal")
    if closure:
        items.extend(closure.get("comments") or [])
    return items
