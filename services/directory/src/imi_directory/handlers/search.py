"""Authority search (DIR-130..DIR-134, TRL-010): who may search by what, and what a result
line shows. Reads the projection kept by `search_projection.py` (eventually consistent).

- Every user searches the `active` authorities of any EEA state (DIR-130) by member state,
  region, legislative area, LA keywords (codes: a keyword picked in one language matches in all,
  TRL-010), NACE and policy-area competences (a code matches its descendants, DIR-025), free
  text (exact terms, DIR-131) and whole names: the official and informal names as written, and
  the informal name's translation into the display language `lang` (TRL-010). Several
  keywords: any of them; all other criteria combine with AND.
- Only coordinator data administrators search by the e-mail of an authority or of one of its
  users (DIR-134), and list the non-active authorities of their own member state (DIR-134;
  those awaiting validation only when they are its validating coordinator, DIR-077). Anyone else
  asking gets 403 naming DIR-134.
- `responders_for=<la>`: only authorities that may receive requests in that LA (DIR-133).
- Result lines give the spoken languages and the informal name in the display language `lang`
  (DIR-132), falling back to the original informal name until it is translated (TRL-009).
"""

from __future__ import annotations

from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field
from pymongo.asynchronous.database import AsyncDatabase

from imi_shared.auth import Principal
from imi_shared.errors import Forbidden, InvalidInput
from imi_shared.participants import UnknownParticipant, check_member_state

from ..adapters.search_index import IndexQuery, SearchIndex
from ..adapters.search_text import FREE_TEXT_INFO, normalise, terms
from ..domain.actors import Actor
from ..domain.enums import AuthorityStatus
from ..domain.policies import may_search_by_email
from ..domain.validation import normalize_email
from ..reference import ReferenceData, UnknownReferenceCode, check_language


class SearchCriteria(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    country: str | None = None
    region: str | None = None
    la: str | None = None
    keywords: tuple[str, ...] = ()
    nace: str | None = None
    policy_area: str | None = None
    q: str | None = None
    name: str | None = None
    email: str | None = None
    statuses: tuple[AuthorityStatus, ...] = ()
    responders_for: str | None = None
    lang: str = "en"
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=20, ge=1, le=100)


class SpokenLanguage(BaseModel):
    code: str
    name: str  # in the display language


class ResultLine(BaseModel):
    id: str
    member_state: str
    country: str  # in the display language
    region: str | None
    status: str
    official_name: str
    informal_name: str  # in the display language when translated, else the original
    informal_name_language: str | None
    spoken_languages: list[SpokenLanguage]
    legislative_areas: list[str]
    admin_roles: dict[str, str]
    alert_inbox: bool
    email: str
    matched_user_email: str | None = None  # coordinator DAs searching by e-mail only


class SearchPage(BaseModel):
    total: int
    page: int
    page_size: int
    items: list[ResultLine]
    free_text_info: str = FREE_TEXT_INFO


class _Rules:
    """Turns criteria into an `IndexQuery`, checking codes and the caller's rights."""

    def __init__(self, reference: ReferenceData, principal: Principal) -> None:
        self.reference = reference
        self.principal = principal
        self.actor = Actor.from_principal(principal)

    @cached_property
    def keyword_las(self) -> dict[str, str]:
        return {kw.code: la.code for la in self.reference.legislative_areas() for kw in la.keywords}

    def query(self, c: SearchCriteria) -> IndexQuery:
        try:
            la = self.reference.get_legislative_area(c.la).code if c.la else None
            responders = (
                self.reference.get_legislative_area(c.responders_for).code
                if c.responders_for
                else None
            )
            nace = self.reference.nace.get(c.nace).code if c.nace else None
            policy = self.reference.policy_areas.get(c.policy_area).code if c.policy_area else None
            check_language(c.lang)  # X-021 (checked here, inside the conversion to 422)
        except UnknownReferenceCode as exc:
            raise InvalidInput(exc.rule, str(exc).removeprefix(f"{exc.rule}: ")) from None
        statuses, member_state, viewers = self._visibility(c)
        return IndexQuery(
            statuses=statuses,
            viewer_ids=viewers,
            member_state=member_state,
            region_key=normalise(c.region) if c.region else None,
            la_code=la,
            keywords=self._keywords(c.keywords, la),
            nace=nace,
            policy=policy,
            responders_for=responders,
            terms=self._terms(c.q),
            exact_name=normalise(c.name) if c.name and c.name.strip() else None,
            email=self._email(c.email),
            lang=check_language(c.lang),
            skip=(c.page - 1) * c.page_size,
            limit=c.page_size,
        )

    def _country(self, code: str | None) -> str | None:
        try:
            return check_member_state(code) if code else None
        except UnknownParticipant as exc:
            raise InvalidInput("X-001", str(exc).removeprefix("X-001: ")) from None

    def _visibility(
        self, c: SearchCriteria
    ) -> tuple[tuple[str, ...], str | None, tuple[str, ...] | None]:
        country = self._country(c.country)
        statuses = tuple(dict.fromkeys(str(s) for s in c.statuses)) or ("active",)
        if statuses == ("active",):
            return statuses, country, None
        own = self.principal.member_state
        if not self.actor.is_data_admin or country not in (None, own):
            raise Forbidden(
                "DIR-134",
                "only active authorities can be searched; a "
                "coordinator's data administrators may list the other "
                "authorities of their own member state",
            )
        return statuses, own, (self.principal.authority_id,)

    def _keywords(self, codes: tuple[str, ...], la: str | None) -> tuple[str, ...]:
        for code in codes:
            owner = self.keyword_las.get(code)
            if owner is None or (la is not None and owner != la):
                where = f" of legislative area {la!r}" if la else ""
                raise InvalidInput(
                    "DIR-130",
                    f"{code!r} is not a keyword{where}; the keyword codes are listed, by label "
                    "in the reader's language, by the translation service: "
                    "GET /catalogues/keywords?q=<label>&la=<legislative area> (TRL-010)",
                )
        return tuple(dict.fromkeys(codes))

    def _terms(self, text: str | None) -> tuple[str, ...]:
        if text is None or not text.strip():
            return ()
        found = tuple(terms(text))
        if not found:
            raise InvalidInput("DIR-131", "the free text holds no word to search for")
        return found

    def _email(self, email: str | None) -> str | None:
        if email is None or not email.strip():
            return None
        if not may_search_by_email(self.actor):
            raise Forbidden(
                "DIR-134", "only a coordinator's data administrators may search by e-mail address"
            )
        return normalize_email(email)


async def search_authorities(
    db: AsyncDatabase, reference: ReferenceData, principal: Principal, criteria: SearchCriteria
) -> SearchPage:
    index = SearchIndex(db)
    found = await index.search(_Rules(reference, principal).query(criteria))
    lang = check_language(criteria.lang)
    to_translate = [
        d["_id"]
        for d in found.documents
        if d.get("informal_name") and d.get("informal_name_language") != lang
    ]
    translated = await index.translations(to_translate, lang)
    items = [
        _line(d, lang, translated.get(d["_id"]), found.user_matches.get(d["_id"]), reference)
        for d in found.documents
    ]
    return SearchPage(
        total=found.total, page=criteria.page, page_size=criteria.page_size, items=items
    )


def _line(
    d: dict, lang: str, translation: str | None, user_email: str | None, reference: ReferenceData
) -> ResultLine:
    return ResultLine(
        id=d["_id"],
        member_state=d["member_state"],
        country=reference.participant_name(d["member_state"], lang),
        region=d.get("region"),
        status=d["status"],
        official_name=d["official_name"],
        informal_name=translation or d.get("informal_name") or "",
        informal_name_language=lang if translation else d.get("informal_name_language"),
        spoken_languages=[
            SpokenLanguage(code=code, name=reference.language_name(code, lang))
            for code in d.get("spoken_languages", [])
        ],
        legislative_areas=d.get("la_codes", []),
        admin_roles=d.get("admin_roles", {}),
        alert_inbox=bool(d.get("alert_inbox")),
        email=d["email"],
        matched_user_email=user_email,
    )
