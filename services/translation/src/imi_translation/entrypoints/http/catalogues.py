"""`/catalogues`: list and search catalogue codes by label in the reader's language, read one,
and (commission_translation) define, label and retire items (TRL-001..003, TRL-012)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from imi_shared.auth import CurrentPrincipal
from imi_shared.runtime import service_context

from ...context import TranslationContext
from ...domain.catalogue import MAX_CODE, MAX_LABEL, CatalogueItem, Kind, Rendered
from ...handlers import catalogue

router = APIRouter(prefix="/catalogues", tags=["catalogues"])


Context = Annotated[TranslationContext, Depends(service_context)]
Code = Annotated[str, Path(min_length=1, max_length=MAX_CODE)]
Lang = Annotated[str, Path(min_length=2, max_length=2)]
ReaderLang = Annotated[
    str, Query(min_length=2, max_length=2, description="the reader's display language")
]


class DefineItem(BaseModel):
    code: str = Field(min_length=1, max_length=MAX_CODE)
    english: str = Field(min_length=1, max_length=MAX_LABEL, description="the English label")
    la_code: str | None = Field(default=None, max_length=40)
    parent_code: str | None = Field(default=None, max_length=MAX_CODE)


class LabelIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_LABEL)
    machine: bool = Field(default=False, description="made by a machine translation engine")


class Active(BaseModel):
    active: bool


class RenderedOut(BaseModel):
    code: str = Field(max_length=MAX_CODE)
    text: str = Field(max_length=MAX_LABEL)
    lang: str = Field(max_length=2, description="the language of `text`")
    fallback: bool = Field(description="true: not in the reader's language (English shown)")
    machine: bool = Field(description="true: an unchecked machine translation")
    la_code: str | None = Field(default=None, max_length=40, description="its legislative area")
    parent_code: str | None = Field(default=None, max_length=MAX_CODE)

    @classmethod
    def of(cls, rendered: Rendered) -> RenderedOut:
        return cls(**rendered.__dict__)


class ItemOut(BaseModel):
    code: str = Field(max_length=MAX_CODE)
    kind: Kind
    la_code: str | None = Field(default=None, max_length=40)
    parent_code: str | None = Field(default=None, max_length=MAX_CODE)
    active: bool
    revision: int
    languages: list[str] = Field(max_length=24)
    missing: list[str] = Field(max_length=24)

    @classmethod
    def of(cls, item: CatalogueItem) -> ItemOut:
        return cls(
            code=item.code,
            kind=item.kind,  # type: ignore[arg-type]
            la_code=item.la_code,
            parent_code=item.parent_code,
            active=item.active,
            revision=item.revision,
            languages=sorted(item.labels),
            missing=item.missing(),
        )


class RenderedList(BaseModel):
    items: list[RenderedOut] = Field(max_length=2000)


class Completeness(BaseModel):
    missing: dict[str, list[str]] = Field(
        description="item id -> official languages without a label"
    )


@router.get("/completeness")
async def completeness(principal: CurrentPrincipal, ctx: Context) -> Completeness:
    return Completeness(missing=await catalogue.completeness(ctx))


@router.get("/{kind}")
async def list_items(
    kind: Kind,
    lang: ReaderLang,
    principal: CurrentPrincipal,
    ctx: Context,
    q: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    la: Annotated[str | None, Query(max_length=40)] = None,
    parent: Annotated[str | None, Query(max_length=MAX_CODE)] = None,
) -> RenderedList:
    found = await catalogue.list_items(ctx, kind, lang, query=q, la_code=la, parent_code=parent)
    return RenderedList(items=[RenderedOut.of(r) for r in found])


@router.get("/{kind}/{code}")
async def get_item(kind: Kind, code: Code, principal: CurrentPrincipal, ctx: Context) -> ItemOut:
    return ItemOut.of(await catalogue.get_item(ctx, kind, code))


@router.post("/{kind}", status_code=201)
async def define(
    kind: Kind, body: DefineItem, principal: CurrentPrincipal, ctx: Context
) -> ItemOut:
    item = await catalogue.define_item(
        ctx,
        principal,
        kind,
        body.code,
        body.english,
        la_code=body.la_code,
        parent_code=body.parent_code,
    )
    return ItemOut.of(item)


@router.put("/{kind}/{code}/labels/{lang}")
async def label(
    kind: Kind, code: Code, lang: Lang, body: LabelIn, principal: CurrentPrincipal, ctx: Context
) -> ItemOut:
    item = await catalogue.set_label(
        ctx, principal, kind, code, lang, body.text, machine=body.machine
    )
    return ItemOut.of(item)


@router.put("/{kind}/{code}/active")
async def activate(
    kind: Kind, code: Code, body: Active, principal: CurrentPrincipal, ctx: Context
) -> ItemOut:
    return ItemOut.of(await catalogue.set_active(ctx, principal, kind, code, body.active))
