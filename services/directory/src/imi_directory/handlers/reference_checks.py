"""Checks of codes against the reference data, turned into domain refusals naming their rule
(X-004 legislative areas and workflows, DIR-025 competences, X-021 languages)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from imi_shared.errors import InvalidInput

from ..domain.enums import Workflow
from ..domain.reference import LegislativeAreaCatalog
from ..reference import ReferenceData, UnknownReferenceCode, check_language

_LANGUAGE_FIELDS = ("informal_name_language", "description_language")


def checked_workflow(catalog: LegislativeAreaCatalog, la_code: str, workflow: str) -> Workflow:
    """X-004: the LA exists and offers `workflow`."""
    catalog.get(la_code)
    try:
        flow = Workflow(workflow)
    except ValueError:
        raise InvalidInput("X-004", f"unknown workflow {workflow!r}") from None
    catalog.check_pair(la_code, flow)
    return flow


def check_details(reference: ReferenceData, changes: Mapping[str, Any]) -> None:
    """DIR-025: competences from the NACE and policy-area catalogues; X-021: languages."""
    try:
        for code in changes.get("nace_codes") or ():
            reference.nace_title(code)
        for code in changes.get("policy_area_codes") or ():
            reference.policy_title(code)
        for code in changes.get("spoken_languages") or ():
            check_language(code)
        for field in _LANGUAGE_FIELDS:
            if changes.get(field):
                check_language(changes[field])
    except UnknownReferenceCode as exc:
        raise InvalidInput(exc.rule, str(exc).removeprefix(f"{exc.rule}: ")) from None
