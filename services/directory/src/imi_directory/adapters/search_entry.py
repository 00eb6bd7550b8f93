"""The documents of the authority-search projection, built from an `Authority` (pure).

Two documents per authority (see `search_index.py` for the collections and their indexes):

- the *search* document: the criteria of DIR-130 / DIR-133 / DIR-134, denormalised into
  arrays an ordinary index serves by equality, plus what a result line shows (DIR-132);
- the *names* document: the official and informal names with the informal name's translations
  (TRL-009), as whole-word terms and whole normalised names (DIR-131); translations tagged with
  their language, since a reader searches them in the display language only (TRL-010).

Competence codes are stored expanded (DIR-025): a declared code with its ancestors and its
descendants. Searching NACE "C" then finds an authority declared on division "10" (a code
matches its descendants), and searching "10" finds one declared on the whole section "C" (which
covers it). An authority with `horizontal_competence` (every economic and policy area) also
carries `*`, which every competence search includes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..domain.authority import Authority
from ..domain.enums import AccessStatus, AuthorityStatus, Workflow
from ..domain.policies import is_selectable_responder
from ..domain.validation import normalize_email
from ..reference import Hierarchy, ReferenceData, UnknownReferenceCode
from .search_text import normalise, terms

ANY_COMPETENCE = "*"  # horizontal competence (DIR-025)
EVERYONE = "*"  # `visible_to` of every authority not awaiting validation (DIR-077)


def search_document(authority: Authority, reference: ReferenceData) -> dict:
    active = [la for la in authority.legislative_areas.values() if la.status is AccessStatus.ACTIVE]
    horizontal = authority.horizontal_competence
    return {
        "_id": authority.id,
        "member_state": authority.member_state,
        "region": authority.region,
        "region_key": normalise(authority.region) if authority.region else None,
        "status": str(authority.status),
        "visible_to": _visible_to(authority),
        "official_name": authority.official_name,
        "sort_name": normalise(authority.official_name),
        "informal_name": authority.informal_name,
        "informal_name_language": authority.informal_name_language,
        "email": normalize_email(authority.email),
        "spoken_languages": list(authority.spoken_languages),
        "la_codes": sorted(la.la_code for la in active),
        "keywords": sorted({code for la in active for code in la.keywords}),
        "nace": expanded(reference.nace, authority.nace_codes, horizontal),
        "policy": expanded(reference.policy_areas, authority.policy_area_codes, horizontal),
        "responder_las": sorted(
            code for code in authority.legislative_areas if is_selectable_responder(authority, code)
        ),
        "admin_roles": {
            code: str(la.admin_role)
            for code, la in sorted(authority.legislative_areas.items())
            if not la.status.is_removed_like
        },
        "alert_inbox": any(
            w.workflow is Workflow.ALERTS and w.is_alert_inbox and w.status is AccessStatus.ACTIVE
            for la in active
            for w in la.workflows.values()
        ),
    }


def _visible_to(authority: Authority) -> list[str]:
    """DIR-077: an authority awaiting validation is seen only by its validating coordinator's
    data administrators."""
    if authority.status is AuthorityStatus.REGISTRATION_REQUESTED:
        return [authority.validating_coordinator_id] if authority.validating_coordinator_id else []
    return [EVERYONE]


def expanded(tree: Hierarchy, codes: Iterable[str], horizontal: bool) -> list[str]:
    out: set[str] = {ANY_COMPETENCE} if horizontal else set()
    for code in codes:
        try:
            node = tree.get(code).code
        except UnknownReferenceCode:  # a code the catalogue no longer has: kept as it is
            out.add(code)
            continue
        out.update((node, *tree.ancestors(node), *tree.descendants(node)))
    return sorted(out)


def names_document(
    authority_id: str, official_name: str, informal_name: str, translations: Mapping[str, str]
) -> dict:
    """`translations`: the informal name per display language (TRL-009). Original names are
    searched whatever the reader's language; a translation only in its own language (TRL-010),
    so its words and whole name are stored tagged `<lang>:` (a word never holds a colon)."""
    originals = [n for n in (official_name, informal_name) if n.strip()]
    words: dict[str, None] = {}
    for name in originals:
        words.update(dict.fromkeys(terms(name)))
    for lang, text in sorted(translations.items()):
        words.update(dict.fromkeys(tagged(lang, w) for w in terms(text)))
    exact = {normalise(n) for n in originals}
    exact |= {tagged(lang, normalise(text)) for lang, text in translations.items() if text.strip()}
    return {
        "_id": authority_id,
        "official_name": official_name,
        "informal_name": informal_name,
        "translations": dict(sorted(translations.items())),
        "terms": list(words),
        "exact": sorted(exact),
    }


def tagged(lang: str, text: str) -> str:
    return f"{lang}:{text}"
