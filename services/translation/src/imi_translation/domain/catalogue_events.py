"""What translation publishes about catalogues on `imi.translation.events`: which item
changed and which languages it has now (labels are reference data, read over HTTP)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, Field

from imi_shared.envelope import Event
from imi_shared.participants import COMMISSION


class CatalogueItemChanged(Event):
    """A catalogue item was defined, relabelled, retired or restored (TRL-001, TRL-003)."""

    event_type: ClassVar[str] = "catalogue.item_changed"
    aggregate_type: ClassVar[str] = "catalogue_item"
    aggregate_id_field: ClassVar[str] = "item_id"

    item_id: str = Field(max_length=120)
    code: str = Field(max_length=80)
    kind: str = Field(max_length=40)
    la_code: str | None = Field(default=None, max_length=40)
    parent_code: str | None = Field(default=None, max_length=80)
    active: bool
    revision: int = Field(ge=1)
    languages: tuple[str, ...] = Field(max_length=24)
    at: AwareDatetime
    member_state: str = Field(default=COMMISSION, max_length=2)  # the Commission's partition
