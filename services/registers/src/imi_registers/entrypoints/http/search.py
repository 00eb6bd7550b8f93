"""/search/registers: quick and advanced register search (REG-001, REG-017..REG-019,
REG-023, TRL-011). A row's `register_id` opens the full record (`GET /registers/{id}`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from imi_shared.auth import CurrentPrincipal
from imi_shared.participants import Participant
from imi_shared.runtime import service_context

from ...adapters.register_search import Page
from ...context import RegistersContext
from ...domain.details import GeographicCoverage, RegisterType
from ...handlers.search import AdvancedCriteria, advanced_search, quick_search

router = APIRouter(tags=["search"])
Ctx = Annotated[RegistersContext, Depends(service_context)]
DisplayLang = Annotated[
    str, Query(pattern=r"^[a-z]{2}$", max_length=2, description="the reader's display language")
]
Offset = Annotated[int, Query(ge=0, le=10_000)]
Limit = Annotated[int, Query(ge=1, le=100)]
Words = Annotated[str | None, Query(min_length=1, max_length=200)]
Code = Annotated[str | None, Query(min_length=1, max_length=64)]


class ResultRow(BaseModel):
    register_id: str = Field(description="REG-019: GET /registers/{register_id}")
    member_state: str
    official_name: str
    informal_name: str = Field(description="TRL-009: in the display language, else the original")
    coverage: GeographicCoverage
    region_code: str | None
    region_label: str | None
    register_type: RegisterType
    type_label: str
    online: bool
    registration_mandatory: bool
    managing_authority_id: str
    owner_name: str
    translation_status: str


class ResultPage(BaseModel):
    total: int
    offset: int
    rows: list[ResultRow]


def _page(ctx: RegistersContext, page: Page, lang: str, offset: int) -> ResultPage:
    ref = ctx.reference
    rows = []
    for r in page.rows:
        region = ref.region_labels(r["member_state"], r.get("region_code"))
        shown: dict[str, Any] = {
            **r,
            "informal_name": (r.get("translations") or {}).get(lang, r["informal_name"]),
            "region_label": ref.label(region, lang) if region else None,
            "type_label": ref.label(ref.types.get(r["register_type"]), lang),
        }
        rows.append(ResultRow.model_validate(shown))
    return ResultPage(total=page.total, offset=offset, rows=rows)


@router.get("/search/registers")
async def get_quick_search(
    principal: CurrentPrincipal,
    ctx: Ctx,
    country: Annotated[Participant, Query(description="REG-017: one country")],
    q: Annotated[str, Query(min_length=1, max_length=200, description="the words (AND)")],
    lang: DisplayLang = "en",
    offset: Offset = 0,
    limit: Limit = 20,
) -> ResultPage:
    """REG-017/REG-023: names, type, region, categories and information types, in `lang`,
    every word (accents and case aside, or sounding alike)."""
    page = await quick_search(ctx, ctx.uow.db, country, q, lang, offset, limit)
    return _page(ctx, page, lang, offset)


@router.get("/search/registers/advanced")
async def get_advanced_search(
    principal: CurrentPrincipal,
    ctx: Ctx,
    country: Annotated[Participant | None, Query()] = None,
    coverage: GeographicCoverage | None = None,
    region: Code = None,
    register_type: RegisterType | None = None,
    category: Code = None,
    info_type: Code = None,
    online: bool | None = None,
    mandatory: bool | None = None,
    name: Words = None,
    authority_name: Words = None,
    managing_authority_id: Code = None,
    owner_authority_id: Code = None,
    translation_status: Literal["pending", "done"] | None = None,
    lang: DisplayLang = "en",
    offset: Offset = 0,
    limit: Limit = 20,
) -> ResultPage:
    """REG-018: every criterion given must hold (AND); `name` is a register's name (its
    originals or their translation into `lang`), `authority_name` its owner's or managing
    authority's."""
    criteria = AdvancedCriteria(
        member_state=country,
        coverage=coverage.value if coverage else None,
        region_code=region,
        register_type=register_type.value if register_type else None,
        category_codes=category,
        info_type_codes=info_type,
        online=online,
        registration_mandatory=mandatory,
        managing_authority_id=managing_authority_id,
        owner_authority_id=owner_authority_id,
        translation_status=translation_status,
        register_name=name,
        authority_name=authority_name,
    )
    page = await advanced_search(ctx, ctx.uow.db, criteria, lang, offset, limit)
    return _page(ctx, page, lang, offset)
