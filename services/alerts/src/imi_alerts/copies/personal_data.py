"""Separating an alert's personal data from the rest, so only the PD is sealed (X-009, X-011).

What counts as personal data is the domain's rule (`domain.personal_data`); this module only
applies it to the JSON that travels to the copies, and fills sealed PD back into stored views.
"""

from __future__ import annotations

import copy
from typing import Any

from ..domain.personal_data import has_personal_data

__all__ = ["has_personal_data", "with_personal_data"]


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
