"""The one way a service starts a PDF (requests' reports, retention's report): A4, automatic
page breaks, title and creator set, and a creation date (Info and XMP) that is the document's
own time, so the same document renders to the same bytes (a signed report or a retention
report can be compared and verified byte for byte).

fpdf2's core font Helvetica covers Latin-1 only: `latin1` replaces any other character with
"?" rather than failing; a service that needs other scripts loads a TrueType font instead."""

from __future__ import annotations

from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

#: cell / multi_cell keywords: the next line starts at the left margin
NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


def new_pdf(title: str, creator: str, created_at: datetime) -> FPDF:
    """An A4 document with its first page added, dated `created_at`."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(created_at)
    pdf.set_title(title)
    pdf.set_creator(creator)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    return pdf


def latin1(text: str) -> str:
    """`text` as the core font can print it (any other character becomes "?")."""
    return text.encode("latin-1", "replace").decode("latin-1")
