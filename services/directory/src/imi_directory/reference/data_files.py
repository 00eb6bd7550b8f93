"""Reading and validating the JSON files in `data/` (the package's only I/O)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from imi_directory.reference.models import CatalogueKind, CatalogueNode, Keyword, LegislativeArea

NACE_FILE = "nace_rev2.json"
POLICY_FILE = "policy_areas.json"
LA_FILE = "legislative_areas.json"
COMMISSION_FILE = "commission_names.json"


def read_json(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return json.loads(text)


def tree_nodes(document: dict[str, Any], kind: CatalogueKind) -> list[CatalogueNode]:
    """Flatten `{"nodes": [{"code", "title", "children": [...]}]}` into nodes, parents first."""
    out: list[CatalogueNode] = []

    def walk(items: list[dict[str, Any]], parent: str | None, level: int) -> None:
        for item in items:
            out.append(
                CatalogueNode(
                    code=item["code"],
                    kind=kind,
                    title=item["title"],
                    parent_code=parent,
                    level=level,
                )
            )
            walk(item.get("children", []), item["code"], level + 1)

    walk(document["nodes"], None, 0)
    return out


def legislative_areas(document: dict[str, Any]) -> list[LegislativeArea]:
    areas: list[LegislativeArea] = []
    for raw in document["legislative_areas"]:
        keywords = tuple(Keyword(la_code=raw["code"], **kw) for kw in raw["keywords"])
        for kw in keywords:
            if not kw.code.startswith(f"{raw['code']}."):
                raise ValueError(f"keyword {kw.code!r} must be prefixed by its LA {raw['code']!r}")
        areas.append(LegislativeArea(**{**raw, "keywords": keywords}))
    return areas


def load_nace() -> list[CatalogueNode]:
    return tree_nodes(read_json(NACE_FILE), "nace")


def load_policy_areas() -> list[CatalogueNode]:
    return tree_nodes(read_json(POLICY_FILE), "policy_area")


def load_legislative_areas() -> list[LegislativeArea]:
    return legislative_areas(read_json(LA_FILE))


def load_commission_names() -> dict[str, str]:
    return dict(read_json(COMMISSION_FILE)["names"])
