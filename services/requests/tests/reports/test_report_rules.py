"""Who may generate which report, and what each kind contains (REQ-096, REQ-097, X-010..X-013,
RET-019). Pure: no PDF, no clock."""

from __future__ import annotations

import pytest

from imi_requests.reports.kinds import CONTENT_SECTIONS, ReportKind, Section
from imi_requests.reports.rights import (
    Capacity,
    ReportOrder,
    Right,
    offered_kinds,
    plan_report,
)
from imi_shared.errors import Conflict, Forbidden, InvalidInput, NotFound

FR, DE, COORD = "fr-ordre-medecins", "de-aek-berlin", "fr-coordinator-pq"
H, V, A = Right.HANDLER, Right.VIEWER, Right.ALLOCATOR
PD_KINDS = (
    ReportKind.FULL_WITH_PD,
    ReportKind.DATA_SUBJECT_REPORT,
    ReportKind.DATA_SUBJECT_CONSENT_FORM,
)


def order(kind: ReportKind, **kw) -> ReportOrder:
    return ReportOrder(kind=kind, **kw)


def test_req_096_each_kind_has_its_sections(source, who):
    handler = who(FR, H)
    plans = {k: plan_report(handler, source(), order(k)) for k in PD_KINDS}
    plans[ReportKind.FULL_WITHOUT_PD] = plan_report(
        handler, source(), order(ReportKind.FULL_WITHOUT_PD)
    )
    assert plans[ReportKind.FULL_WITH_PD].sections == CONTENT_SECTIONS
    assert plans[ReportKind.FULL_WITH_PD].personal_data is True
    assert plans[ReportKind.FULL_WITHOUT_PD].sections == CONTENT_SECTIONS
    assert plans[ReportKind.FULL_WITHOUT_PD].personal_data is False
    assert plans[ReportKind.DATA_SUBJECT_REPORT].sections == (*CONTENT_SECTIONS, Section.NOTICE)
    assert plans[ReportKind.DATA_SUBJECT_CONSENT_FORM].sections[-2:] == (
        Section.DISCLAIMER,
        Section.CONSENT_FORM,
    )
    assert all(plans[k].personal_data for k in PD_KINDS)


def test_req_096_custom_report_has_only_the_chosen_sections_in_print_order(source, who):
    plan = plan_report(
        who(FR, H),
        source(),
        order(ReportKind.CUSTOM, sections=frozenset({Section.QUESTIONS, Section.AUTHORITIES})),
    )
    assert plan.sections == (Section.AUTHORITIES, Section.QUESTIONS)
    assert plan.personal_data is False


@pytest.mark.parametrize(
    "bad",
    [
        order(ReportKind.CUSTOM),  # no section
        order(ReportKind.CUSTOM, sections=frozenset({Section.CONSENT_FORM})),  # not content
        order(ReportKind.FULL_WITH_PD, sections=frozenset({Section.SUBJECT})),  # fixed kind
        order(ReportKind.FULL_WITHOUT_PD, personal_data=True),  # PD is the kind's, not chosen
        order(ReportKind.FULL_WITHOUT_PD, language="xx"),
    ],
)
def test_req_096_malformed_orders_refused(source, who, bad):
    with pytest.raises(InvalidInput) as refused:
        plan_report(who(FR, H), source(), bad)
    assert refused.value.rule_id == "REQ-096"


@pytest.mark.parametrize("status", ["draft", "awaiting_acceptance", "closed"])
def test_req_096_reports_at_every_stage_draft_and_closed_included(source, who, status):
    draft_like = source(status=status, responding=None, accepted=False)
    plan = plan_report(who(FR, H), draft_like, order(ReportKind.FULL_WITH_PD))
    assert plan.personal_data and plan.capacity is Capacity.REQUESTING


def test_x_010_a_user_of_another_authority_gets_the_absent_answer(source, who):
    with pytest.raises(NotFound):
        plan_report(who("it-other-authority", H), source(), order(ReportKind.FULL_WITHOUT_PD))


def test_req_096_no_request_workflow_right_gets_the_absent_answer(source, who):
    with pytest.raises(NotFound):
        plan_report(who(FR), source(), order(ReportKind.FULL_WITHOUT_PD))


@pytest.mark.parametrize("rights", [(V,), (A,), (V, A)])
def test_req_097_viewers_and_allocators_get_only_reports_without_pd(source, who, rights):
    user = who(FR, *rights)
    assert plan_report(user, source(), order(ReportKind.FULL_WITHOUT_PD)).personal_data is False
    for kind in PD_KINDS:
        with pytest.raises(Forbidden) as refused:
            plan_report(user, source(), order(kind))
        assert refused.value.rule_id == "X-013"
    custom_pd = order(ReportKind.CUSTOM, sections=frozenset({Section.SUBJECT}), personal_data=True)
    with pytest.raises(Forbidden):
        plan_report(user, source(), custom_pd)
    assert offered_kinds(user, source()) == (ReportKind.FULL_WITHOUT_PD, ReportKind.CUSTOM)


def test_req_097_a_coordinator_never_gets_personal_data(source, who):
    coordinator = who(COORD, H, V, A)
    plan = plan_report(coordinator, source(), order(ReportKind.FULL_WITHOUT_PD))
    assert plan.capacity is Capacity.COORDINATOR and not plan.personal_data
    for kind in PD_KINDS:
        with pytest.raises(Forbidden) as refused:
            plan_report(coordinator, source(), order(kind))
        assert refused.value.rule_id == "REQ-097"
    assert ReportKind.FULL_WITH_PD not in offered_kinds(coordinator, source())


def test_x_012_a_coordinator_that_is_itself_the_requester_gets_the_requesters_rights(source, who):
    own = source(coordinator_authority_ids=(FR,))
    plan = plan_report(who(FR, H), own, order(ReportKind.FULL_WITH_PD))
    assert plan.capacity is Capacity.REQUESTING and plan.personal_data


def test_x_011_the_responding_authority_gets_no_pd_before_acceptance(source, who):
    incoming = source(status="awaiting_acceptance", accepted=False)
    responder = who(DE, H)
    assert plan_report(responder, incoming, order(ReportKind.FULL_WITHOUT_PD)).capacity is (
        Capacity.RESPONDING
    )
    with pytest.raises(Forbidden) as refused:
        plan_report(responder, incoming, order(ReportKind.FULL_WITH_PD))
    assert refused.value.rule_id == "X-011"
    assert plan_report(responder, source(), order(ReportKind.FULL_WITH_PD)).personal_data


def test_x_011_a_handler_not_allocated_may_still_report_with_pd_as_a_read(source, who):
    """Allocation (§4.9) restricts actions; non-allocated handlers read PD (X-011)."""
    assert plan_report(who(FR, H), source(), order(ReportKind.FULL_WITH_PD)).personal_data


def test_req_097_no_pd_report_once_the_pd_is_locked(source, who):
    locked = source(status="closed", pd_locked=True)
    handler = who(FR, H)
    for kind in PD_KINDS:
        with pytest.raises(Conflict) as refused:
            plan_report(handler, locked, order(kind))
        assert refused.value.rule_id == "REQ-097"
    assert not plan_report(handler, locked, order(ReportKind.FULL_WITHOUT_PD)).personal_data
    assert offered_kinds(handler, locked) == (ReportKind.FULL_WITHOUT_PD, ReportKind.CUSTOM)


def test_ret_019_after_the_lock_only_the_helpdesk_produces_the_data_subject_report(source, who):
    locked = source(status="closed", pd_locked=True)
    helpdesk = who("commission-helpdesk", helpdesk=True)
    plan = plan_report(helpdesk, locked, order(ReportKind.DATA_SUBJECT_REPORT))
    assert plan.personal_data and plan.capacity is Capacity.HELPDESK
    assert offered_kinds(helpdesk, locked) == (
        ReportKind.DATA_SUBJECT_REPORT,
        ReportKind.DATA_SUBJECT_CONSENT_FORM,
    )
    with pytest.raises(Forbidden) as refused:
        plan_report(helpdesk, locked, order(ReportKind.FULL_WITH_PD))
    assert refused.value.rule_id == "RET-019"


def test_req_097_a_handler_is_offered_every_kind(source, who):
    assert offered_kinds(who(FR, H), source()) == tuple(ReportKind)
    assert offered_kinds(who(DE, H), source()) == tuple(ReportKind)
