"""`ReferenceData`: the directory's read-only catalogues, loaded once per instance."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from imi_directory.reference import data_files, names
from imi_directory.reference.errors import (
    MissingKeyword,
    UnknownKeyword,
    UnknownLegislativeArea,
    UnknownNaceCode,
    UnknownPolicyArea,
    UnknownWorkflow,
)
from imi_directory.reference.hierarchy import Hierarchy
from imi_directory.reference.models import (
    CatalogueEntry,
    Keyword,
    Language,
    LegislativeArea,
    Participant,
    Workflow,
)
from imi_shared.participants import PARTICIPANTS


class ReferenceData:
    """Legislative areas (X-004) with workflows and keyword lists (DIR-026), the NACE and
    EU-policy-area competence catalogues (DIR-025), participants (X-001) and the official
    EU languages (X-021). Pass `legislative_areas` to replace the packaged LA configuration."""

    def __init__(self, legislative_areas: Iterable[LegislativeArea] | None = None) -> None:
        areas = list(
            data_files.load_legislative_areas() if legislative_areas is None else legislative_areas
        )
        self._areas = {la.code: la for la in areas}
        if len(self._areas) != len(areas):
            raise ValueError("duplicate legislative area code")
        self._keywords = {la.code: {kw.code: kw for kw in la.keywords} for la in areas}
        self.nace = Hierarchy(data_files.load_nace(), UnknownNaceCode, lambda c: c.strip().upper())
        self.policy_areas = Hierarchy(
            data_files.load_policy_areas(), UnknownPolicyArea, lambda c: c.strip().lower()
        )
        self._commission_names = data_files.load_commission_names()
        missing = set(names.EU_LANGUAGES) - set(self._commission_names)
        if missing:
            raise ValueError(f"commission name missing for {sorted(missing)}")

    # -- legislative areas, workflows, keywords (X-004, DIR-026, TRL-010) --------------------

    def legislative_areas(self) -> tuple[LegislativeArea, ...]:
        return tuple(self._areas.values())

    def la_codes(self) -> tuple[str, ...]:
        return tuple(self._areas)

    def get_legislative_area(self, code: str) -> LegislativeArea:
        la = self._areas.get(code) if isinstance(code, str) else None
        if la is None:
            raise UnknownLegislativeArea(
                f"{code!r} is not a configured legislative area ({', '.join(self._areas)})"
            )
        return la

    def workflows_of(self, la: str) -> tuple[Workflow, ...]:
        return self.get_legislative_area(la).workflows

    def check_workflow(self, la: str, workflow: str) -> Workflow:
        area = self.get_legislative_area(la)
        if workflow not in area.workflows:
            raise UnknownWorkflow(
                f"workflow {workflow!r} is not configured in legislative area "
                f"{la!r} (it has: {', '.join(area.workflows)})"
            )
        return workflow  # type: ignore[return-value]

    def keywords_of(self, la: str) -> tuple[Keyword, ...]:
        return self.get_legislative_area(la).keywords

    def keyword_codes_of(self, la: str) -> tuple[str, ...]:
        """Every keyword code of the LA: what NIMICs and SDIMICs are linked to (DIR-026)."""
        return tuple(kw.code for kw in self.keywords_of(la))

    def is_keyword(self, la: str, code: str) -> bool:
        return code in self._keywords[self.get_legislative_area(la).code]

    def get_keyword(self, la: str, code: str) -> Keyword:
        keyword = self._keywords[self.get_legislative_area(la).code].get(code)
        if keyword is None:
            raise UnknownKeyword(f"{code!r} is not in the keyword list of legislative area {la!r}")
        return keyword

    def check_keywords(self, la: str, codes: Iterable[str]) -> tuple[str, ...]:
        """Validate an authority's keywords for one LA: at least one, all from its list."""
        checked = tuple(dict.fromkeys(self.get_keyword(la, code).code for code in codes))
        if not checked:
            raise MissingKeyword(f"legislative area {la!r} needs at least one keyword")
        return checked

    # -- competence catalogues (DIR-025) -----------------------------------------------------

    def nace_section_of(self, code: str) -> str:
        """The section (A-U) of a NACE division; a section is its own section."""
        return self.nace.root_of(code)

    def nace_descendants(self, code: str) -> tuple[str, ...]:
        return self.nace.descendants(code)

    def nace_title(self, code: str) -> str:
        return self.nace.title(code)

    def policy_parent(self, code: str) -> str | None:
        return self.policy_areas.parent(code)

    def policy_descendants(self, code: str) -> tuple[str, ...]:
        return self.policy_areas.descendants(code)

    def policy_title(self, code: str) -> str:
        return self.policy_areas.title(code)

    def catalogue_entries(self) -> tuple[CatalogueEntry, ...]:
        """Keywords, NACE and policy areas as TRL-012-shaped rows with their English labels."""
        rows = [
            CatalogueEntry(
                code=kw.code,
                kind="la_keyword",
                la_code=la.code,
                parent_code=None,
                label_en=kw.title,
            )
            for la in self._areas.values()
            for kw in la.keywords
        ]
        for tree in (self.nace, self.policy_areas):
            rows += [
                CatalogueEntry(
                    code=n.code,
                    kind=n.kind,
                    la_code=None,
                    parent_code=n.parent_code,
                    label_en=n.title,
                )
                for n in map(tree.get, tree.codes())
            ]
        return tuple(rows)

    # -- participants and languages (X-001, X-021) -------------------------------------------

    def participants(self) -> tuple[Participant, ...]:
        return tuple(self.participant(code) for code in PARTICIPANTS)

    def participant(self, code: str) -> Participant:
        return names.participant(code, self._commission_names)

    def participant_name(self, code: str, in_lang: str = "en") -> str:
        return names.participant_name(code, in_lang, self._commission_names)

    def languages(self) -> tuple[Language, ...]:
        return tuple(names.language(code) for code in names.EU_LANGUAGES)

    def language_name(self, code: str, in_lang: str = "en") -> str:
        return names.language_name(code, in_lang)

    def language_endonym(self, code: str) -> str:
        return names.language_endonym(code)


@lru_cache(maxsize=1)
def default_reference() -> ReferenceData:
    """The packaged reference data, loaded once per process."""
    return ReferenceData()
