"""Quick and advanced register search (REG-001, REG-017, REG-018, REG-023, TRL-011): every
IMI user; the words are matched in the reader's display language, also when written or
pronounced alike (`domain.search_terms`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from imi_shared.errors import InvalidInput

from ..adapters.register_search import Page, RegisterSearch
from ..context import RegistersContext
from ..domain.search_query import parse
from ..domain.search_terms import ANY
from ..reference import EU_LANGUAGES


def _check_lang(lang: str) -> None:
    if lang not in EU_LANGUAGES:
        raise InvalidInput("X-021", f"{lang!r} is not an official EU language", "lang")


async def quick_search(
    ctx: RegistersContext, db, member_state: str, text: str, lang: str, offset: int, limit: int
) -> Page:
    """REG-017: one country and free text, every word must match (AND)."""
    _check_lang(lang)
    specs = parse(text, lang, ctx.terms)
    return await RegisterSearch(db).quick(
        member_state, specs, lang, ctx.terms.type_count, offset, limit
    )


@dataclass(frozen=True)
class AdvancedCriteria:
    """REG-018: the drop-down lists, the names, and the maintenance criteria."""

    member_state: str | None = None
    coverage: str | None = None
    region_code: str | None = None
    register_type: str | None = None
    category_codes: str | None = None
    info_type_codes: str | None = None
    online: bool | None = None
    registration_mandatory: bool | None = None
    managing_authority_id: str | None = None
    owner_authority_id: str | None = None
    translation_status: str | None = None
    register_name: str | None = None
    authority_name: str | None = None


async def advanced_search(
    ctx: RegistersContext, db, criteria: AdvancedCriteria, lang: str, offset: int, limit: int
) -> Page:
    _check_lang(lang)
    given = {k: v for k, v in asdict(criteria).items() if v is not None and v != ""}
    if not given:
        raise InvalidInput("REG-018", "choose at least one criterion", "query")
    word_sets: list[tuple[str, list[str]]] = []
    name = given.pop("register_name", None)
    if name is not None:  # the names, originals or in the display language
        word_sets += [("name_keys", list(s.name_keys)) for s in parse(name, lang, None, "name")]
    authority = given.pop("authority_name", None)
    if authority is not None:  # the owner's and the managing authority's names
        specs = parse(authority, lang, None, "authority_name")
        word_sets += [("authority_keys", [f"{ANY}:{s.key}"]) for s in specs]
    return await RegisterSearch(db).advanced(given, word_sets, offset, limit)
