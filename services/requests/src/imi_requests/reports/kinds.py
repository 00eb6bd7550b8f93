"""The five report kinds of REQ-096 and the sections each one contains. Pure."""

from __future__ import annotations

from enum import StrEnum


class ReportKind(StrEnum):
    """REQ-096 (manual 5.3.10 "Rapports")."""

    # REQ-005: the `ReportType` codes

    FULL_WITH_PD = "full_with_pd"
    FULL_WITHOUT_PD = "full_without_pd"
    CUSTOM = "custom"
    DATA_SUBJECT_REPORT = "data_subject_report"
    DATA_SUBJECT_CONSENT_FORM = "data_subject_consent_form"


class Section(StrEnum):
    """The parts of a report, in the order they are printed."""

    AUTHORITIES = "authorities"  # requesting and responding authorities
    SUBJECT = "subject"  # the professional: PD fields only in reports with PD
    QUESTIONS = "questions"  # questions asked and answers given
    FREE_TEXT = "free_text"  # free-text comments and messages, with their languages
    ATTACHMENTS = "attachments"  # names are PD; their questions and comments are not
    NOTICE = "data_subject_notice"  # RET-018: processing in IMI, controller, recipients, rights
    DISCLAIMER = "disclaimer"  # the consent form's disclaimer (REQ-096)
    CONSENT_FORM = "consent_form"  # the form the professional can sign (REQ-096)


#: The sections a user may pick for a `custom` report (REQ-096: "authorities, subject data,
#: questions, ..."): the content sections, not the data-subject texts.
CONTENT_SECTIONS: tuple[Section, ...] = (
    Section.AUTHORITIES,
    Section.SUBJECT,
    Section.QUESTIONS,
    Section.FREE_TEXT,
    Section.ATTACHMENTS,
)

#: REQ-096: the fixed sections of every kind but `custom`, and whether it holds PD.
FIXED_KINDS: dict[ReportKind, tuple[tuple[Section, ...], bool]] = {
    ReportKind.FULL_WITH_PD: (CONTENT_SECTIONS, True),
    ReportKind.FULL_WITHOUT_PD: (CONTENT_SECTIONS, False),
    ReportKind.DATA_SUBJECT_REPORT: ((*CONTENT_SECTIONS, Section.NOTICE), True),
    ReportKind.DATA_SUBJECT_CONSENT_FORM: (
        (*CONTENT_SECTIONS, Section.NOTICE, Section.DISCLAIMER, Section.CONSENT_FORM),
        True,
    ),
}

#: The kinds made for the data subject (RET-018, RET-019): they exist to show the PD.
DATA_SUBJECT_KINDS = frozenset(
    {ReportKind.DATA_SUBJECT_REPORT, ReportKind.DATA_SUBJECT_CONSENT_FORM}
)


def ordered(sections: frozenset[Section] | set[Section]) -> tuple[Section, ...]:
    """Sections in print order (the enum's order)."""
    return tuple(s for s in Section if s in sections)
