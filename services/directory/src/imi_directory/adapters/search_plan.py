"""The plan of an authority search, from criteria in stored form (pure): which postings
serve it (`posting_clauses`, see search_postings) or else the one `$match` over the search
documents (`build_match`), most selective clause first. The reasons are in search_query.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from . import search_postings as postings
from .search_entry import ANY_COMPETENCE, EVERYONE

SMALL_ID_SET = 300  # a resolved id list up to this size drives the query; a larger one filters


@dataclass(frozen=True)
class IndexQuery:
    """Criteria in stored form (codes checked and normalised by the handler)."""

    statuses: tuple[str, ...] = ("active",)
    viewer_ids: tuple[str, ...] | None = None  # DIR-077: restrict `visible_to` to these
    member_state: str | None = None
    region_key: str | None = None
    la_code: str | None = None
    keywords: tuple[str, ...] = ()
    nace: str | None = None
    policy: str | None = None
    responders_for: str | None = None
    terms: tuple[str, ...] = ()
    exact_name: str | None = None
    email: str | None = None
    lang: str = "en"  # display language: translated names are searched in it (TRL-010)
    skip: int = 0
    limit: int = 20


@dataclass
class IndexPage:
    total: int
    documents: list[dict]
    user_matches: dict[str, str] = field(default_factory=dict)  # authority id → user e-mail


def _one_or_any(values: Sequence[str]):
    return values[0] if len(values) == 1 else {"$in": list(values)}


def posting_clauses(query: IndexQuery) -> list[list[str]]:
    """The postings that serve the query; none for other statuses than active (DIR-134) or a
    query without a posted criterion: those keep the search-document `$match`."""
    if query.statuses != ("active",) or query.viewer_ids is not None:
        return []
    return postings.clauses(
        member_state=query.member_state,
        region_key=query.region_key,
        la_code=query.la_code,
        keywords=query.keywords,
        nace=query.nace,
        policy=query.policy,
        responders_for=query.responders_for,
    )


def build_match(query: IndexQuery, ids: Sequence[str] | None = None) -> dict:
    """The `$match` of a search, most selective clause first (see search_query.py)."""
    small_ids = ids is not None and len(ids) <= SMALL_ID_SET
    clauses: list[tuple[str, object]] = []
    if small_ids:
        clauses.append(("_id", {"$in": list(ids)}))
    if query.keywords:
        clauses.append(("keywords", _one_or_any(query.keywords)))
    for name, value in (("region_key", query.region_key), ("member_state", query.member_state)):
        if value is not None:
            clauses.append((name, value))
    for name, value in (("nace", query.nace), ("policy", query.policy)):
        if value is not None:
            clauses.append((name, {"$in": [value, ANY_COMPETENCE]}))
    for name, value in (("responder_las", query.responders_for), ("la_codes", query.la_code)):
        if value is not None:
            clauses.append((name, value))
    if ids is not None and not small_ids:
        clauses.append(("_id", {"$in": list(ids)}))
    if query.viewer_ids is not None:
        clauses.append(("visible_to", {"$in": [EVERYONE, *query.viewer_ids]}))
    clauses.append(("status", _one_or_any(query.statuses)))
    return dict(clauses)
