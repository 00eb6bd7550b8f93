"""The retention report as a PDF (fpdf2, core font: ids, dates and rule codes are ASCII).
Deterministic for a given report: its creation date is the report's generation time."""

from __future__ import annotations

from fpdf import FPDF

from imi_shared.pdf import NEXT_LINE as NEXT
from imi_shared.pdf import latin1, new_pdf

from ..domain.report import RetentionReport

COLUMNS = (
    ("when", 38),
    ("action", 22),
    ("object", 20),
    ("id", 52),
    ("service", 22),
    ("rule", 18),
    ("MS", 10),
)


def _day(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _table(pdf: FPDF, title: str, table: dict[str, dict[str, int]], actions: list[str]) -> None:
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, title, **NEXT)
    pdf.set_font("Helvetica", "", 9)
    for key, per in table.items():
        counts = ", ".join(f"{a} {per.get(a, 0)}" for a in actions)
        pdf.cell(0, 5, f"{key}: {counts}", **NEXT)
    pdf.ln(2)


def render_pdf(report: RetentionReport) -> bytes:
    pdf = new_pdf("IMI retention report", "IMI retention service", report.generated_at)
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 9, "IMI retention report", **NEXT)
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(
        0, 5, f"Period: {_day(report.start)} to {_day(report.end)} (UTC, end excluded)", **NEXT
    )
    pdf.cell(0, 5, f"Generated: {_day(report.generated_at)} UTC", **NEXT)
    actions = list(report.totals)
    totals = ", ".join(f"{a} {n}" for a, n in report.totals.items()) or "nothing"
    pdf.cell(0, 5, f"Totals: {totals} (lines {len(report.lines)})", **NEXT)
    pdf.ln(3)
    _table(pdf, "By rule", report.by_rule, actions)
    _table(pdf, "By service", report.by_service, actions)
    pdf.set_font("Helvetica", "B", 8)
    for name, width in COLUMNS:
        pdf.cell(width, 6, name, border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 8)
    for line in report.lines:
        cells = (
            _day(line.at),
            line.action,
            line.case_type,
            line.case_id[:32],
            line.service,
            line.rule,
            line.member_state,
        )
        for (_, width), text in zip(COLUMNS, cells, strict=True):
            pdf.cell(width, 5, latin1(text), border=1)
        pdf.ln()
    return bytes(pdf.output())
