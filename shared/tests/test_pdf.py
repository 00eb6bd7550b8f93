"""imi_shared.pdf: the same document renders to the same bytes, dated by the document's own
time (requests' signed reports and retention's report depend on it)."""

from datetime import UTC, datetime

from imi_shared.pdf import NEXT_LINE, latin1, new_pdf

AT = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def _render(at: datetime) -> bytes:
    pdf = new_pdf("IMI report", "IMI test", at)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 5, latin1("Zoë Ł Ωmega"), **NEXT_LINE)
    return bytes(pdf.output())


def test_the_same_document_renders_to_the_same_bytes_dated_by_its_own_time():
    first, again = _render(AT), _render(AT)
    assert first == again and first.startswith(b"%PDF-")
    assert b"D:20260301080000" in first  # the Info creation date is the document's time
    assert _render(datetime(2026, 3, 2, 8, 0, tzinfo=UTC)) != first


def test_latin1_keeps_latin_1_and_replaces_the_rest():
    assert latin1("Zoë Ł Ωmega") == "Zoë ? ?mega"
