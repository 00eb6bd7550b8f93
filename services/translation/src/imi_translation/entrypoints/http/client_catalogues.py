"""The catalogues a client sends codes from, under the names a client looks for (issue 11: a
new user asking `GET /search/authorities?keyword=crafts` of the directory had no list of the
codes): `GET /catalogues/keywords` (LA keywords, the codes the directory's `?keyword=`
accepts), `/catalogues/policy-areas`, `/catalogues/question-sets`; NACE is `/catalogues/nace`.
Each is listable and searchable by label in the reader's language (`q`), English shown and
marked when a label is missing (TRL-001). Same reads as `GET /catalogues/{kind}`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from imi_shared.auth import CurrentPrincipal

from ...domain.catalogue import MAX_CODE
from ...handlers import catalogue
from .catalogues import Context, ReaderLang, RenderedList, RenderedOut

router = APIRouter(prefix="/catalogues", tags=["catalogues"])
Search = Annotated[str | None, Query(min_length=1, max_length=100, description="label or code")]
La = Annotated[str | None, Query(max_length=40, description="legislative area code")]
Parent = Annotated[str | None, Query(max_length=MAX_CODE, description="parent code")]


async def _listed(ctx, kind, lang, q, la=None, parent=None) -> RenderedList:
    found = await catalogue.list_items(ctx, kind, lang, query=q, la_code=la, parent_code=parent)
    return RenderedList(items=[RenderedOut.of(r) for r in found])


@router.get("/keywords")
async def keywords(
    lang: ReaderLang, principal: CurrentPrincipal, ctx: Context, q: Search = None, la: La = None
) -> RenderedList:
    """LA keywords (DIR-026, TRL-010): the codes of the directory's `?keyword=`."""
    return await _listed(ctx, "la_keyword", lang, q, la=la)


@router.get("/policy-areas")
async def policy_areas(
    lang: ReaderLang,
    principal: CurrentPrincipal,
    ctx: Context,
    q: Search = None,
    parent: Parent = None,
) -> RenderedList:
    """EU policy areas and sub-areas (DIR-025): the codes of the directory's `?policy_area=`."""
    return await _listed(ctx, "policy_area", lang, q, parent=parent)


@router.get("/question-sets")
async def question_sets(
    lang: ReaderLang, principal: CurrentPrincipal, ctx: Context, q: Search = None, la: La = None
) -> RenderedList:
    """Question sets per LA (TRL-002); their questions: `/catalogues/question?parent=<set>`."""
    return await _listed(ctx, "question_set", lang, q, la=la)
