"""Commands and reads on catalogues (TRL-001..003, TRL-012).

Rights first (TRL-003): only `commission_translation` defines, relabels or retires an item; the
Commission's users act as it (X-003), as for informal names. Every authenticated user reads.
"""

from __future__ import annotations

from imi_shared.auth import Principal
from imi_shared.errors import Forbidden, InvalidInput

from ..adapters.catalogue_repository import CatalogueRepository
from ..context import TranslationContext
from ..domain import catalogue
from ..domain.catalogue import CatalogueItem, Rendered
from ..domain.languages import official


def _editor(principal: Principal) -> None:
    if not principal.is_commission:
        raise Forbidden("TRL-003", "only commission_translation edits catalogues")


def _kind(kind: str) -> str:
    if kind not in catalogue.KINDS:
        raise InvalidInput("TRL-012", f"{kind!r} is not a catalogue kind", "kind")
    return kind


async def define_item(
    ctx: TranslationContext,
    principal: Principal,
    kind: str,
    code: str,
    english: str,
    *,
    la_code: str | None = None,
    parent_code: str | None = None,
) -> CatalogueItem:
    """DefineCatalogueItem."""
    _editor(principal)
    result = await ctx.catalogue_runner.create(
        lambda step: catalogue.define(
            kind, code, english, step.now, la_code=la_code, parent_code=parent_code
        )
    )
    assert result.aggregate is not None
    return result.aggregate


async def set_label(
    ctx: TranslationContext,
    principal: Principal,
    kind: str,
    code: str,
    lang: str,
    text: str,
    *,
    machine: bool = False,
) -> CatalogueItem:
    """LabelCatalogueItem: one language's label (TRL-001)."""
    _editor(principal)
    result = await ctx.catalogue_runner.change(
        catalogue.item_id(_kind(kind), code),
        lambda item, step: catalogue.set_label(item, lang, text, step.now, machine=machine),
    )
    assert result.aggregate is not None
    return result.aggregate


async def set_active(
    ctx: TranslationContext, principal: Principal, kind: str, code: str, active: bool
) -> CatalogueItem:
    """RetireCatalogueItem / RestoreCatalogueItem (TRL-012 `active`)."""
    _editor(principal)
    result = await ctx.catalogue_runner.change(
        catalogue.item_id(_kind(kind), code),
        lambda item, step: catalogue.set_active(item, active, step.now),
    )
    assert result.aggregate is not None
    return result.aggregate


async def get_item(ctx: TranslationContext, kind: str, code: str) -> CatalogueItem:
    wanted = catalogue.item_id(_kind(kind), code)
    return (await ctx.uow.run(lambda tx: CatalogueRepository(tx).get(wanted))).value


async def list_items(
    ctx: TranslationContext,
    kind: str,
    lang: str,
    *,
    query: str | None = None,
    la_code: str | None = None,
    parent_code: str | None = None,
    include_inactive: bool = False,
) -> list[Rendered]:
    """The items of one kind rendered for the reader, searchable by label in the reader's
    language (issue 11: clients must be able to find the codes they send)."""
    lang = official(lang, rule="TRL-001")
    items = (await ctx.uow.run(lambda tx: CatalogueRepository(tx).of_kind(_kind(kind)))).value
    return [
        catalogue.render(item, lang)
        for item in items
        if (include_inactive or item.active)
        and (la_code is None or item.la_code == la_code)
        and (parent_code is None or item.parent_code == parent_code)
        and (not query or catalogue.matches(item, query, lang))
    ]


async def completeness(ctx: TranslationContext) -> dict[str, list[str]]:
    """Which item misses which official languages (item id -> languages), active items only."""

    async def scan(tx):
        return await CatalogueRepository(tx).find_where({"active": True}, sort=[("_id", 1)])

    items = (await ctx.uow.run(scan)).value
    return {item.item_id: item.missing() for item in items if item.missing()}
