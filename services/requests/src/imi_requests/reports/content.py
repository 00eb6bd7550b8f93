"""What a report says, section by section, before any layout (REQ-096, X-009, X-013). Pure.

This is the one place personal data is let in or left out: a plan without PD drops the
flagged subject fields and the attachment names, and keeps everything else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .kinds import Section
from .labels import LABELS
from .rights import ReportPlan
from .source import ReportSource


@dataclass(frozen=True)
class Line:
    label: str
    text: str


@dataclass(frozen=True)
class Block:
    heading: str
    lines: tuple[Line, ...]
    signature_box: bool = False  # the consent form's space to sign


@dataclass(frozen=True)
class ReportDocument:
    title: str
    header: tuple[Line, ...]
    blocks: tuple[Block, ...]

    def all_text(self) -> str:
        parts = [self.title]
        for line in self.header:
            parts += [line.label, line.text]
        for block in self.blocks:
            parts.append(block.heading)
            for line in block.lines:
                parts += [line.label, line.text]
        return "\n".join(parts)


def _stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S UTC")


def _authorities(source: ReportSource, plan: ReportPlan, t: dict[str, str]) -> list[Line]:
    def party(label: str, p) -> Line:
        if p is None:
            return Line(label, t["not_yet"])
        address = f", {p.address}" if p.address else ""
        return Line(label, f"{p.name} ({p.member_state}, {p.authority_id}){address}")

    return [party(t["requesting"], source.requesting), party(t["responding"], source.responding)]


def _subject(source: ReportSource, plan: ReportPlan, t: dict[str, str]) -> list[Line]:
    return [
        Line(f.label, f.value) for f in source.subject if plan.personal_data or not f.personal_data
    ]


def _questions(source: ReportSource, plan: ReportPlan, t: dict[str, str]) -> list[Line]:
    lines: list[Line] = []
    for q in source.questions:
        lines.append(Line(f"{q.code} [{q.language}]", q.question))
        lines.append(Line(t["answer"], q.answer if q.answer else t["no_answer"]))
        if q.comment:
            lines.append(Line(t["comment"], q.comment))
    return lines


def _free_text(source: ReportSource, plan: ReportPlan, t: dict[str, str]) -> list[Line]:
    return [
        Line(f"{_stamp(m.sent_at)}, {m.author_authority_id} [{m.language}]", m.text)
        for m in sorted(source.messages, key=lambda m: m.sent_at)
    ]


def _attachments(source: ReportSource, plan: ReportPlan, t: dict[str, str]) -> list[Line]:
    lines: list[Line] = []
    for number, a in enumerate(source.attachments, start=1):
        name = a.name if plan.personal_data else t["attachment_withheld"]
        lines.append(Line(f"{t['attachment']} {number} [{a.language}]", name))
        if a.comment:
            lines.append(Line(t["comment"], a.comment))
        lines += [Line(t["question"], question) for question in a.questions]
    return lines


def _fixed(key: str) -> Callable[[ReportSource, ReportPlan, dict[str, str]], list[Line]]:
    return lambda source, plan, t: [Line("", t[key])]


_SECTIONS = {
    Section.AUTHORITIES: _authorities,
    Section.SUBJECT: _subject,
    Section.QUESTIONS: _questions,
    Section.FREE_TEXT: _free_text,
    Section.ATTACHMENTS: _attachments,
    Section.NOTICE: _fixed("notice"),
    Section.DISCLAIMER: _fixed("disclaimer_text"),
    Section.CONSENT_FORM: lambda source, plan, t: [
        Line("", t["consent"]),
        Line("", t["signature_line"]),
    ],
}


def build_document(
    source: ReportSource, plan: ReportPlan, generated_at: datetime
) -> ReportDocument:
    """REQ-096: the report `plan` describes, of `source`, stamped with its generation time."""
    t = LABELS[plan.language]
    header = [
        Line(t["kind"], t[plan.kind]),
        Line(t["request"], source.request_id),
        Line(t["reference"], source.reference or "-"),
        Line(t["la"], source.la_code),
        Line(t["status"], source.status),
        Line(t["question_set"], source.question_set_code or "-"),
        Line(t["languages"], ", ".join(source.languages) or "-"),
        Line(t["generated_at"], _stamp(generated_at)),
    ]
    if plan.certified:
        header.append(Line("", t["certified"]))
    if not plan.personal_data:
        header.append(Line("", t["pd_omitted"]))
    blocks = tuple(
        Block(
            t[section],
            tuple(_SECTIONS[section](source, plan, t)),
            signature_box=section is Section.CONSENT_FORM,
        )
        for section in plan.sections
    )
    return ReportDocument(t["title"], tuple(header), blocks)
