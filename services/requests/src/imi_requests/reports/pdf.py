"""Lay a `ReportDocument` out as a PDF (fpdf2). Deterministic for a given document and time.

Fonts: with `font_file` (a Unicode TrueType font, e.g. DejaVuSans.ttf) every script prints;
without it the PDF core font Helvetica is used, which has Latin-1 only, and any other
character prints as "?" (say so in the settings when a deployment needs other scripts).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from imi_shared.pdf import latin1, new_pdf

from .content import Block, Line, ReportDocument

_CORE = "Helvetica"
_TTF = "ReportFont"


class _Fonts:
    def __init__(self, pdf: FPDF, font_file: str | None) -> None:
        self.pdf = pdf
        self.unicode = bool(font_file)
        if font_file:
            path = Path(font_file)
            pdf.add_font(_TTF, "", str(path))
            bold = path.with_name(path.stem + "-Bold" + path.suffix)
            pdf.add_font(_TTF, "B", str(bold if bold.exists() else path))
        self.family = _TTF if font_file else _CORE

    def use(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def text(self, value: str) -> str:
        if self.unicode:
            return value
        return latin1(value)


def _line(pdf: FPDF, fonts: _Fonts, line: Line) -> None:
    if line.label:
        fonts.use(9, bold=True)
        pdf.multi_cell(0, 4.5, fonts.text(line.label), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    fonts.use(10)
    pdf.multi_cell(0, 5, fonts.text(line.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _block(pdf: FPDF, fonts: _Fonts, block: Block) -> None:
    pdf.ln(3)
    fonts.use(12, bold=True)
    pdf.multi_cell(0, 7, fonts.text(block.heading), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for line in block.lines:
        _line(pdf, fonts, line)
    if block.signature_box:
        pdf.ln(2)
        pdf.cell(0, 25, "", border=1, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_pdf(
    document: ReportDocument, generated_at: datetime, font_file: str | None = None
) -> bytes:
    """The PDF of `document`; its creation date (Info and XMP) is `generated_at`."""
    pdf = new_pdf(document.title, "IMI requests service", generated_at)
    fonts = _Fonts(pdf, font_file)
    fonts.use(15, bold=True)
    pdf.multi_cell(0, 8, fonts.text(document.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for line in document.header:
        fonts.use(9)
        label = f"{line.label}: " if line.label else ""
        pdf.multi_cell(0, 4.5, fonts.text(label + line.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for block in document.blocks:
        _block(pdf, fonts, block)
    return bytes(pdf.output())
