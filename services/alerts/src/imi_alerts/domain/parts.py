"""The list-shaped parts of the `Alert` aggregate (`Items`, `ClosureProposals`, `Withdrawals`)
store as a plain JSON list (a pydantic root model), so the stored form of an alert keeps the same
field names and shapes; each part adds the queries and the rules about its own entries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

from pydantic import Field, RootModel

T = TypeVar("T")


class ListPart(RootModel[list[T]], Generic[T]):
    root: list[T] = Field(default_factory=list)

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]
        return iter(self.root)

    def __getitem__(self, index: int) -> T:
        return self.root[index]

    def __len__(self) -> int:
        return len(self.root)

    def __bool__(self) -> bool:
        return bool(self.root)

    def append(self, entry: T) -> None:
        self.root.append(entry)

    def last(self) -> T | None:
        return self.root[-1] if self.root else None

    def next_id(self, alert_id: str, letter: str) -> str:
        """Entry ids are `<alert id>/<letter><n>`, numbered in order (never reused)."""
        return f"{alert_id}/{letter}{len(self.root) + 1}"
