"""Synthetic directory at X-006 capacity for bench/directory_search.py (seeded, reproducible).

8,200 authorities over the 30 EEA states: one NIMIC each (horizontal competence, every LA),
the others competent authorities in one or two LAs with one to three keywords, most with NACE
divisions (some a whole section) and policy areas, 5 % not active. Official names are written
in the state's language; the informal name is translated into all 24 EU languages (TRL-009).
Words are pseudo-words in each language's alphabet (accents, ß, Greek, Cyrillic...); a third of
the names start with one of a few common words ("ministry", "office"...), as real names do.
Documents are built by the projection's own code (`search_entry`), from `Authority` objects.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from imi_directory.adapters.search_entry import names_document, search_document
from imi_directory.domain.authority import Authority
from imi_directory.domain.enums import AccessStatus, AdminRole, AuthorityStatus, Workflow
from imi_directory.domain.records import LegislativeAreaAccess, new_workflow_access
from imi_directory.reference import EU_LANGUAGES, ReferenceData
from imi_shared.participants import EEA_MEMBER_STATES

NOW = datetime(2026, 11, 25, tzinfo=UTC)
LATIN = "abcdefghijklmnoprstuvz"
EXTRA = {
    "fr": "éèàçêô",
    "de": "äöüß",
    "pl": "ąćęłńóśźż",
    "cs": "čďěňřšťůž",
    "sk": "áčďľňôšťž",
    "hu": "áéíóöőúüű",
    "ro": "ăâîșț",
    "hr": "čćđšž",
    "sl": "čšž",
    "lt": "ąčęėįšųūž",
    "lv": "āčēģīķļņšūž",
    "et": "äöõüšž",
    "fi": "äö",
    "sv": "åäö",
    "da": "æøå",
    "es": "áéíñóú",
    "pt": "ãáâçéêõó",
    "it": "àèéìòù",
    "mt": "ċġħż",
    "ga": "áéíóú",
    "nl": "ëï",
    "en": "",
}
SCRIPTS = {"el": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ", "bg": "абвгдежзийклмнопрстуфхцчшщъюя"}
STATE_LANGUAGE = {
    "AT": "de",
    "BE": "nl",
    "BG": "bg",
    "CY": "el",
    "CZ": "cs",
    "DE": "de",
    "DK": "da",
    "EE": "et",
    "ES": "es",
    "FI": "fi",
    "FR": "fr",
    "GR": "el",
    "HR": "hr",
    "HU": "hu",
    "IE": "en",
    "IT": "it",
    "LT": "lt",
    "LU": "fr",
    "LV": "lv",
    "MT": "mt",
    "NL": "nl",
    "PL": "pl",
    "PT": "pt",
    "RO": "ro",
    "SE": "sv",
    "SI": "sl",
    "SK": "sk",
    "IS": "en",
    "LI": "de",
    "NO": "en",
}
LA_WEIGHTS = {
    "services": 40,
    "professional_qualifications": 30,
    "patients_rights": 10,
    "posting_of_workers": 10,
    "solvit": 5,
    "euro_cash_transport": 5,
}


@dataclass
class Dataset:
    search: list[dict] = field(default_factory=list)
    names: list[dict] = field(default_factory=list)
    users: list[dict] = field(default_factory=list)
    probes: dict[str, list] = field(default_factory=dict)
    authorities: list[Authority] = field(default_factory=list)  # what the documents were built of


class _Words:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.vocab = {lang: [self._word(lang) for _ in range(3000)] for lang in EU_LANGUAGES}
        self.common = {lang: words[:8] for lang, words in self.vocab.items()}

    def _word(self, lang: str) -> str:
        letters = SCRIPTS.get(lang) or LATIN + EXTRA.get(lang, "")
        return "".join(self.rng.choice(letters) for _ in range(self.rng.randint(4, 11)))

    def name(self, lang: str, size: int) -> str:
        words = [self.rng.choice(self.vocab[lang]) for _ in range(size)]
        if self.rng.random() < 0.33:
            words[0] = self.rng.choice(self.common[lang])
        return " ".join(words).capitalize()


def _authority(
    i: int, ms: str, rng: random.Random, words: _Words, reference: ReferenceData
) -> Authority:
    lang = STATE_LANGUAGE[ms]
    nimic = i < len(EEA_MEMBER_STATES)
    las = (
        list(reference.la_codes())
        if nimic
        else rng.sample(list(LA_WEIGHTS), k=rng.choice((1, 1, 2)), counts=list(LA_WEIGHTS.values()))
    )
    areas = {}
    for la in dict.fromkeys(las):
        codes = reference.keyword_codes_of(la)
        chosen = codes if nimic else rng.sample(codes, k=rng.randint(1, min(3, len(codes))))
        areas[la] = LegislativeAreaAccess(
            la_code=la,
            admin_role=AdminRole.NIMIC if nimic else AdminRole.COMPETENT_AUTHORITY,
            status=AccessStatus.ACTIVE,
            access_coordinator_id=f"nimic-{ms.lower()}",
            keywords=list(chosen),
            status_changed_at=NOW,
            workflows={
                Workflow.REQUESTS: new_workflow_access(Workflow.REQUESTS, AccessStatus.ACTIVE, NOW)
            },
        )
    divisions = [n.code for n in reference.nace.at_level(1)]
    sections = [n.code for n in reference.nace.roots()]
    roll = rng.random()
    nace = (
        []
        if roll < 0.2
        else [rng.choice(sections)]
        if roll < 0.3
        else rng.sample(divisions, k=rng.randint(1, 2))
    )
    policies = rng.sample(reference.policy_areas.codes(), k=rng.randint(0, 2))
    status = (
        AuthorityStatus.ACTIVE
        if nimic or rng.random() >= 0.05
        else rng.choice((AuthorityStatus.SUSPENDED, AuthorityStatus.INACTIVE))
    )
    official = f"NIMIC {ms}" if nimic else words.name(lang, rng.randint(3, 6))
    return Authority(
        id=f"a{i:05d}",
        member_state=ms,
        official_name=official,
        informal_name=words.name(lang, 3),
        informal_name_language=lang,
        spoken_languages=[lang, "en"] if lang != "en" else ["en"],
        email=f"authority{i}@{ms.lower()}.bench.test",
        status=status,
        status_changed_at=NOW,
        registered_at=NOW,
        horizontal_competence=nimic,
        nace_codes=nace,
        policy_area_codes=policies,
        validating_coordinator_id=None if nimic else f"a{i % 30:05d}",
        region=rng.choice((None, None, words.name(lang, 1))),
        legislative_areas=areas,
    )


def generate(
    authorities: int, users: int, probes: int, reference: ReferenceData, seed: int = 20261125
) -> Dataset:
    rng = random.Random(seed)
    words = _Words(rng)
    data = Dataset()
    made: list[Authority] = []
    for i in range(authorities):
        ms = EEA_MEMBER_STATES[i % len(EEA_MEMBER_STATES)]
        authority = _authority(i, ms, rng, words, reference)
        made.append(authority)
        translations = {lang: words.name(lang, 3) for lang in EU_LANGUAGES}
        data.search.append({**search_document(authority, reference), "source_version": 1})
        data.names.append(
            names_document(
                authority.id, authority.official_name, authority.informal_name, translations
            )
        )
    for u in range(users):
        owner = made[rng.randrange(len(made))]
        data.users.append(
            {
                "_id": f"u{u:06d}",
                "authority_id": owner.id,
                "email": f"user{u}@{owner.member_state.lower()}.bench.test",
            }
        )
    data.authorities = made
    active = [a for a in made if a.status is AuthorityStatus.ACTIVE]
    keywords = [(la, kw.code) for la in reference.la_codes() for kw in reference.keywords_of(la)]
    sample = [rng.choice(active) for _ in range(probes)]
    data.probes = {
        "country": [rng.choice(EEA_MEMBER_STATES) for _ in range(probes)],
        "keyword": [rng.choice(keywords) for _ in range(probes)],
        "section": [rng.choice([n.code for n in reference.nace.roots()]) for _ in range(probes)],
        "name": [a.official_name for a in sample],
        "words": [" ".join(a.official_name.split()[1:3]) for a in sample],
        "email": [rng.choice(data.users)["email"] for _ in range(probes)],
    }
    return data
