"""The bulk-invitation spreadsheet adapter on its own (DIR-049): formats, headers, limits."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from imi_directory.adapters import spreadsheet
from imi_directory.adapters.spreadsheet import SpreadsheetRejected, parse_invitation_rows


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content, name",
    [
        (b"authority_name,email\nA,a@b.fr\n", "a.csv"),
        (b"\xef\xbb\xbfName;E-mail\nA;a@b.fr\n", "a.csv"),  # BOM, ';', aliases
        ("Nom\tCourriel\nA\ta@b.fr\n".encode("cp1252"), "a.txt"),  # tab, Windows-1252
        (b"\n\nemail,extra,authority_name\na@b.fr,x,A\n,,\n", "a.csv"),  # blank rows, column order
        (xlsx([["authority_name", "email"], ["A", "a@b.fr"], [None, None]]), "upload"),
    ],
)
def test_dir_049_template_rows_read_from_csv_and_xlsx(content, name):
    assert parse_invitation_rows(content, name) == [("A", "a@b.fr")]


def test_dir_049_row_numbers_and_limits():
    with pytest.raises(SpreadsheetRejected, match="row 4"):
        parse_invitation_rows(b"authority_name,email\nA,a@b.fr\n\n,b@b.fr\n", "a.csv")
    too_many = "authority_name,email\n" + "A,a@b.fr\n" * (spreadsheet.MAX_ROWS + 1)
    with pytest.raises(SpreadsheetRejected, match="at most"):
        parse_invitation_rows(too_many.encode(), "a.csv")
    with pytest.raises(SpreadsheetRejected, match="larger"):
        parse_invitation_rows(b"x" * (spreadsheet.MAX_BYTES + 1), "a.csv")
    with pytest.raises(SpreadsheetRejected, match="no invitation rows"):
        parse_invitation_rows(xlsx([["authority_name", "email"]]), "a.xlsx")


def test_dir_049_templates_round_trip():
    assert parse_invitation_rows(spreadsheet.csv_template() + b"A,a@b.fr\r\n", "t.csv") == [
        ("A", "a@b.fr")
    ]
    with pytest.raises(SpreadsheetRejected) as refused:
        parse_invitation_rows(spreadsheet.xlsx_template(), "t.xlsx")
    assert (refused.value.rule_id, refused.value.field) == ("DIR-049", "file")


def test_dir_049_a_bare_carriage_return_is_refused_naming_rule_and_field():
    """Issue 9 #12: `\\r` alone inside a CSV line raised `_csv.Error` (a 500)."""
    with pytest.raises(SpreadsheetRejected, match="row 2") as refused:
        parse_invitation_rows(b"authority_name,email\nMairie\rde Lyon,x@example.fr\n", "a.csv")
    assert (refused.value.rule_id, refused.value.field) == ("DIR-049", "file")
