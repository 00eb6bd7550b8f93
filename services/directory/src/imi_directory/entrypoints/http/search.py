"""HTTP API of the directory: authority search (DIR §3.13). Thin: query → criteria → handler.

GET /search/authorities?country=FR&la=services&keyword=services.tourism&q=préfecture&lang=fr
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ...bootstrap import DirectoryContext, directory_context
from ...domain.enums import AuthorityStatus
from ...handlers.search import SearchCriteria, SearchPage, search_authorities
from .session import CheckedPrincipal

router = APIRouter(tags=["search"])

Context = Annotated[DirectoryContext, Depends(directory_context)]
Text = Annotated[str | None, Query(max_length=200)]


@router.get("/search/authorities", response_model=SearchPage)
async def search(
    principal: CheckedPrincipal,
    ctx: Context,
    country: Annotated[str | None, Query(description="member state, e.g. FR")] = None,
    region: Text = None,
    la: Annotated[str | None, Query(description="legislative area code")] = None,
    keyword: Annotated[
        list[str], Query(description="LA keyword codes (any of them; TRL-010)")
    ] = [],  # noqa: B006 - FastAPI copies defaults
    nace: Annotated[str | None, Query(description="NACE code; matches its descendants")] = None,
    policy_area: Annotated[str | None, Query(description="EU policy area code")] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description=(
                "free text: exact terms, accents and special characters count, case does not "
                "(DIR-131)"
            ),
        ),
    ] = None,
    name: Annotated[str | None, Query(max_length=200, description="a whole name")] = None,
    email: Annotated[
        str | None,
        Query(
            max_length=254,
            description=(
                "e-mail of the authority or of one of its users: coordinator DAs only (DIR-134)"
            ),
        ),
    ] = None,
    status: Annotated[
        list[AuthorityStatus],
        Query(description=("default active; others: coordinator DAs, own member state (DIR-134)")),
    ] = [],  # noqa: B006
    responders_for: Annotated[
        str | None,
        Query(description=("LA code: only authorities that may receive requests in it (DIR-133)")),
    ] = None,
    lang: Annotated[str, Query(description="display language (DIR-132)")] = "en",
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchPage:
    """DIR-130..DIR-134: search authorities; results in the display language `lang`."""
    criteria = SearchCriteria(
        country=country,
        region=region,
        la=la,
        keywords=tuple(keyword),
        nace=nace,
        policy_area=policy_area,
        q=q,
        name=name,
        email=email,
        statuses=tuple(status),
        responders_for=responders_for,
        lang=lang,
        page=page,
        page_size=page_size,
    )
    return await search_authorities(ctx.uow.db, ctx.reference, principal, criteria)
