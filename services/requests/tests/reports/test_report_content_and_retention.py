"""What a report contains (REQ-096, X-009, X-013) and how long it is kept (REQ-098, RET-010).
Pure: the time is an argument."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from imi_requests.reports.content import build_document
from imi_requests.reports.kinds import ReportKind, Section
from imi_requests.reports.retention import (
    GeneratedReport,
    activity_panel,
    due_for_deletion,
    expiry,
    on_pd_changed,
)
from imi_requests.reports.rights import ReportOrder, Right, plan_report

AT = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
FR, COORD = "fr-ordre-medecins", "fr-coordinator-pq"


def document(source, who, kind, authority=FR, **kw):
    plan = plan_report(who(authority, Right.HANDLER), source, ReportOrder(kind=kind, **kw))
    return build_document(source, plan, AT)


def test_req_096_full_report_with_pd_holds_everything_exchanged(source, who, pd_values):
    text = document(source(), who, ReportKind.FULL_WITH_PD).all_text()
    for value in (
        *pd_values,
        "general practitioner",
        "Ordre des médecins",
        "Ärztekammer Berlin",
        "Is the professional legally established?",
        "Yes, since 2012.",
        "Wir prüfen das Diplom.",
        "copy of the diploma",
        "Is this diploma genuine?",
        "2026-12-06 10:00:00 UTC",
    ):
        assert value in text, value


def test_x_013_report_without_pd_keeps_the_rest_and_no_pd_value(source, who, pd_values):
    text = document(source(), who, ReportKind.FULL_WITHOUT_PD).all_text()
    assert [v for v in pd_values if v in text] == []
    assert "general practitioner" in text  # a subject field not flagged as PD
    assert "copy of the diploma" in text and "Is this diploma genuine?" in text
    assert "This report contains no personal data." in text


def test_req_097_coordinators_report_never_holds_pd(source, who, pd_values):
    text = document(source(), who, ReportKind.FULL_WITHOUT_PD, authority=COORD).all_text()
    assert [v for v in pd_values if v in text] == []


def test_req_096_custom_report_prints_only_the_chosen_sections(source, who):
    doc = document(
        source(), who, ReportKind.CUSTOM, sections=frozenset({Section.QUESTIONS}), language="fr"
    )
    assert [b.heading for b in doc.blocks] == ["Questions et réponses"]
    assert "Ordre des médecins" not in doc.all_text()
    assert "(pas encore de réponse)" in doc.all_text()  # PQ-Q02 has no answer yet


def test_req_096_consent_form_adds_disclaimer_consent_and_a_place_to_sign(source, who):
    doc = document(source(), who, ReportKind.DATA_SUBJECT_CONSENT_FORM)
    headings = [b.heading for b in doc.blocks]
    assert headings[-3:] == ["Information for the data subject", "Disclaimer", "Consent form"]
    assert doc.blocks[-1].signature_box and not doc.blocks[-2].signature_box
    assert "does not constitute a decision" in doc.blocks[-2].lines[0].text
    assert "I, the undersigned, agree" in doc.blocks[-1].lines[0].text
    assert "Jeanne Dupont" in doc.all_text()


def test_req_096_every_section_and_kind_has_a_distinct_label_in_each_language():
    """Every code is labelled, and no two labels say the same (a shadowed key would)."""
    from imi_requests.reports.labels import LABELS

    for labels in LABELS.values():
        assert len(set(labels.values())) == len(labels)
        assert {*Section, *ReportKind} <= set(labels)


def test_ret_018_data_subject_report_tells_controller_recipients_and_rights(source, who):
    text = document(source(), who, ReportKind.DATA_SUBJECT_REPORT).all_text()
    for words in ("controller", "recipients", "right to access", "rectified"):
        assert words in text


def report(**kw) -> GeneratedReport:
    values = dict(
        report_id="rep-1",
        request_id="req-0001",
        kind=ReportKind.FULL_WITHOUT_PD,
        generated_by="u1",
        generated_at=AT,
        expires_at=AT + timedelta(days=30),
        personal_data=False,
        certified=False,
        size=1,
    )
    return GeneratedReport(**(values | kw))


def test_req_098_a_report_is_kept_30_days():
    assert expiry(AT, personal_data=False, pd_lock_at=AT + timedelta(days=2)) == AT + timedelta(
        days=30
    )
    kept = report()
    assert due_for_deletion([kept], AT + timedelta(days=30) - timedelta(seconds=1)) == []
    assert due_for_deletion([kept], AT + timedelta(days=30)) == [kept]


def test_ret_010_a_report_with_pd_goes_at_the_pd_lock_date_when_earlier():
    lock = AT + timedelta(days=10)
    assert expiry(AT, personal_data=True, pd_lock_at=lock) == lock
    assert expiry(AT, personal_data=True, pd_lock_at=AT + timedelta(days=90)) == AT + timedelta(
        days=30
    )
    assert expiry(AT, personal_data=True, pd_lock_at=None, retention=timedelta(days=7)) == (
        AT + timedelta(days=7)
    )


def test_ret_010_rectification_or_erasure_ends_the_requests_pd_reports_at_once():
    with_pd = report(report_id="a", personal_data=True)
    without = report(report_id="b")
    other_request = report(report_id="c", request_id="req-0002", personal_data=True)
    changed_at = AT + timedelta(days=3)
    moved = on_pd_changed([with_pd, without, other_request], "req-0001", changed_at)
    assert [(r.report_id, r.expires_at) for r in moved] == [("a", changed_at)]


def test_req_098_activity_panel_shows_the_users_own_live_reports_newest_first():
    old = report(report_id="old", generated_at=AT, expires_at=AT + timedelta(days=30))
    new = report(report_id="new", generated_at=AT + timedelta(days=1))
    gone = report(report_id="gone", expires_at=AT + timedelta(days=1))
    someone_else = report(report_id="theirs", generated_by="u2")
    panel = activity_panel([old, new, gone, someone_else], "u1", AT + timedelta(days=2))
    assert [r.report_id for r in panel] == ["new", "old"]
