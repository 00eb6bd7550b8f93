"""A read-only tree of catalogue codes (NACE sections/divisions, policy areas/sub-areas)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from imi_directory.reference.errors import UnknownReferenceCode
from imi_directory.reference.models import CatalogueNode


class Hierarchy:
    """Nodes indexed by code, with parent/child navigation. Built once, never mutated."""

    def __init__(
        self,
        nodes: Iterable[CatalogueNode],
        error: type[UnknownReferenceCode],
        normalise: Callable[[str], str] = str.strip,
    ) -> None:
        self._error = error
        self._normalise = normalise
        by_code: dict[str, CatalogueNode] = {}
        children: dict[str, list[str]] = {}
        for node in nodes:
            if node.code in by_code:
                raise ValueError(f"duplicate catalogue code {node.code!r}")
            by_code[node.code] = node
            children.setdefault(node.code, [])
            if node.parent_code is not None:
                children.setdefault(node.parent_code, []).append(node.code)
        orphans = [c for c, n in by_code.items() if n.parent_code and n.parent_code not in by_code]
        if orphans:
            raise ValueError(f"catalogue codes with an unknown parent: {orphans}")
        self._nodes = by_code
        self._children = {code: tuple(kids) for code, kids in children.items()}

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self._normalise(code) in self._nodes

    def codes(self) -> tuple[str, ...]:
        return tuple(self._nodes)

    def roots(self) -> tuple[CatalogueNode, ...]:
        return tuple(n for n in self._nodes.values() if n.parent_code is None)

    def at_level(self, level: int) -> tuple[CatalogueNode, ...]:
        return tuple(n for n in self._nodes.values() if n.level == level)

    def get(self, code: str) -> CatalogueNode:
        node = self._nodes.get(self._normalise(code)) if isinstance(code, str) else None
        if node is None:
            kind = next(iter(self._nodes.values())).kind if self._nodes else "catalogue"
            raise self._error(f"{code!r} is not a code of the {kind} catalogue")
        return node

    def check(self, codes: Iterable[str]) -> tuple[str, ...]:
        """Validate several codes (multiple entries allowed); returns them normalised, unique."""
        return tuple(dict.fromkeys(self.get(code).code for code in codes))

    def parent(self, code: str) -> str | None:
        return self.get(code).parent_code

    def children(self, code: str) -> tuple[str, ...]:
        return self._children[self.get(code).code]

    def descendants(self, code: str) -> tuple[str, ...]:
        """Every code below `code`, depth first, in catalogue order (not `code` itself)."""
        out: list[str] = []
        stack = list(reversed(self.children(code)))
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(reversed(self._children[current]))
        return tuple(out)

    def ancestors(self, code: str) -> tuple[str, ...]:
        """The codes above `code`, nearest first."""
        out: list[str] = []
        parent = self.get(code).parent_code
        while parent is not None:
            out.append(parent)
            parent = self._nodes[parent].parent_code
        return tuple(out)

    def root_of(self, code: str) -> str:
        chain = self.ancestors(code)
        return chain[-1] if chain else self.get(code).code

    def expand(self, codes: Iterable[str]) -> frozenset[str]:
        """The codes with all their descendants: what a competence on a broad node covers."""
        out: set[str] = set()
        for code in self.check(codes):
            out.add(code)
            out.update(self.descendants(code))
        return frozenset(out)

    def title(self, code: str) -> str:
        return self.get(code).title
