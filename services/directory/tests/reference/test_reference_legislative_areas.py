"""Legislative areas as configuration data (X-004) and their keyword lists (DIR-026, TRL-010)."""

from __future__ import annotations

import pytest

from imi_directory.reference import (
    Keyword,
    LegislativeArea,
    MissingKeyword,
    ReferenceData,
    UnknownKeyword,
    UnknownLegislativeArea,
    UnknownReferenceCode,
    UnknownWorkflow,
)

LA_CODES = {
    "services",
    "professional_qualifications",
    "patients_rights",
    "euro_cash_transport",
    "solvit",
    "posting_of_workers",
}


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return ReferenceData()


def test_six_initial_legislative_areas(ref):
    assert len(ref.legislative_areas()) == 6
    assert set(ref.la_codes()) == LA_CODES


@pytest.mark.parametrize(
    "la, act",
    [
        ("services", "2006/123/EC"),
        ("professional_qualifications", "2005/36/EC"),
        ("patients_rights", "2011/24/EU"),
        ("euro_cash_transport", "1214/2011"),
        ("solvit", "Recommendation"),
        ("posting_of_workers", "pilot"),
    ],
)
def test_legal_basis(ref, la, act):
    assert act in ref.get_legislative_area(la).legal_basis


def test_requests_everywhere_alerts_only_in_services(ref):
    for la in ref.la_codes():
        assert "requests" in ref.workflows_of(la)
    assert [la for la in ref.la_codes() if "alerts" in ref.workflows_of(la)] == ["services"]
    assert ref.workflows_of("services") == ("requests", "alerts")
    assert ref.check_workflow("services", "alerts") == "alerts"


@pytest.mark.parametrize("la", sorted(LA_CODES - {"services"}))
def test_alerts_workflow_refused_outside_services(ref, la):
    with pytest.raises(UnknownWorkflow, match="X-004"):
        ref.check_workflow(la, "alerts")


def test_every_la_has_keywords_with_unique_prefixed_codes(ref):
    seen: set[str] = set()
    for la in ref.legislative_areas():
        assert len(la.keywords) >= 1
        for kw in la.keywords:
            assert kw.la_code == la.code and kw.code.startswith(la.code + ".")
            assert kw.title and kw.source
            assert kw.code not in seen
            seen.add(kw.code)
    assert ref.keyword_codes_of("solvit") == tuple(kw.code for kw in ref.keywords_of("solvit"))


def test_manual_examples_are_marked(ref):
    manual = {
        kw.code
        for la in ref.legislative_areas()
        for kw in la.keywords
        if kw.source.startswith("manual")
    }
    assert {
        "services.architecture",
        "services.catering",
        "services.tourism",
        "professional_qualifications.doctors",
    } <= manual


def test_keyword_lookup_is_by_code_and_per_la(ref):
    assert ref.is_keyword("services", "services.architecture")
    assert not ref.is_keyword("services", "professional_qualifications.doctors")
    assert not ref.is_keyword("services", "Architectural services")  # labels are not codes
    assert ref.get_keyword("services", "services.tourism").title == "Tourism"


def test_check_keywords(ref):
    assert ref.check_keywords(
        "services", ["services.tourism", "services.catering", "services.tourism"]
    ) == ("services.tourism", "services.catering")
    with pytest.raises(MissingKeyword, match="DIR-026"):
        ref.check_keywords("services", [])
    with pytest.raises(UnknownKeyword, match="DIR-026"):
        ref.check_keywords("solvit", ["solvit.taxation", "services.tourism"])


def test_unknown_keyword_refused_with_rule(ref):
    with pytest.raises(UnknownKeyword, match="DIR-026") as info:
        ref.get_keyword("services", "services.nope")
    assert isinstance(info.value, ValueError) and info.value.rule == "DIR-026"


@pytest.mark.parametrize("code", ["nope", "Services", "", "alerts"])
def test_unknown_legislative_area_refused_with_rule(ref, code):
    for call in (ref.get_legislative_area, ref.workflows_of, ref.keywords_of):
        with pytest.raises(UnknownLegislativeArea, match="X-004") as info:
            call(code)
        assert isinstance(info.value, UnknownReferenceCode)
        assert isinstance(info.value, ValueError)
    with pytest.raises(UnknownLegislativeArea, match="X-004"):
        ref.is_keyword(code, "services.tourism")


def test_legislative_areas_are_replaceable_configuration():
    """X-004/X-006: LAs are data; a configuration of 14 LAs loads like the packaged one."""
    areas = [
        LegislativeArea(
            code=f"la{i}",
            title=f"LA {i}",
            legal_basis="-",
            workflows=("requests",),
            keywords=(Keyword(code=f"la{i}.k", la_code=f"la{i}", title="k", source="test"),),
        )
        for i in range(14)
    ]
    ref = ReferenceData(legislative_areas=areas)
    assert len(ref.la_codes()) == 14 and ref.is_keyword("la13", "la13.k")
    with pytest.raises(ValueError, match="duplicate"):
        ReferenceData(legislative_areas=areas + areas[:1])


def test_legislative_area_needs_a_workflow_and_a_keyword():
    with pytest.raises(ValueError):
        LegislativeArea(code="x", title="x", legal_basis="-", workflows=(), keywords=())
    with pytest.raises(ValueError):
        LegislativeArea(
            code="x",
            title="x",
            legal_basis="-",
            workflows=("cases",),
            keywords=(Keyword(code="x.k", la_code="x", title="k", source="t"),),
        )


def test_models_are_immutable(ref):
    with pytest.raises(ValueError):
        ref.get_legislative_area("services").workflows = ("requests",)
