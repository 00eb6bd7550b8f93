"""The bulk-invitation spreadsheet (DIR-049): the downloadable template, and the parsing of an
uploaded file into (authority name, e-mail) rows. CSV with the standard library, XLSX with
openpyxl. The e-mail format is not checked here: it is checked on submission (DIR-051).

[INFERRED] Header row required (`authority_name`, `email`; French and plain-English aliases
accepted, extra columns ignored); blank rows skipped; at most `MAX_ROWS` rows and
`MAX_BYTES` bytes; CSV in UTF-8 (with or without BOM) or Windows-1252, `,`, `;` or tab separated.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from imi_shared.errors import InvalidInput

RULE = "DIR-049"
MAX_ROWS = 1000
MAX_BYTES = 2 * 1024 * 1024
HEADER = ("authority_name", "email")
ALIASES = {
    "authority_name": {
        "authority_name",
        "authority name",
        "name",
        "nom",
        "nom de l'autorité",
        "nom de l’autorité",
        "autorité",
    },
    "email": {
        "email",
        "e-mail",
        "e-mail address",
        "email address",
        "adresse électronique",
        "courriel",
        "adresse e-mail",
    },
}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SpreadsheetRejected(InvalidInput):
    """The uploaded file cannot be read as the template; `field` names the upload field."""

    def __init__(self, message: str) -> None:
        super().__init__(RULE, message, field="file")


def parse_invitation_rows(
    content: bytes, filename: str = "", content_type: str = ""
) -> list[tuple[str, str]]:
    """(authority name, e-mail) per data row of an uploaded CSV or XLSX template."""
    if not content:
        raise SpreadsheetRejected("the uploaded file is empty")
    if len(content) > MAX_BYTES:
        raise SpreadsheetRejected(f"the file is larger than {MAX_BYTES // 1024} KiB")
    name = filename.lower()
    if content.startswith(b"PK\x03\x04") or name.endswith(".xlsx") or content_type == XLSX_TYPE:
        rows = _xlsx_rows(content)
    elif name.endswith((".xls", ".ods")):
        raise SpreadsheetRejected("only the .xlsx and .csv formats are accepted")
    else:
        rows = _csv_rows(content)
    return _data_rows(rows)


def _cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost everything
        raise SpreadsheetRejected("the CSV file is neither UTF-8 nor Windows-1252 text")
    if "\x00" in text:
        raise SpreadsheetRejected("the file is not a CSV or XLSX spreadsheet")
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for row in reader:
            yield [_cell(c) for c in row]
    except csv.Error as exc:  # e.g. a bare CR inside a line (issue 9 #12: was a 500)
        raise SpreadsheetRejected(
            f"row {reader.line_num}: the CSV line cannot be read ({exc}); "
            "save the file again as CSV or use the XLSX template"
        ) from exc


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise SpreadsheetRejected(
            f"the XLSX file cannot be read ({exc.__class__.__name__})"
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(c) for c in row]
    finally:
        workbook.close()


def _columns(header: list[str]) -> tuple[int, int]:
    labels = [h.casefold() for h in header]
    found = {}
    for column, aliases in ALIASES.items():
        matches = [i for i, label in enumerate(labels) if label in aliases]
        if not matches:
            raise SpreadsheetRejected(
                f"the header row needs the columns {', '.join(HEADER)} (found: {header})"
            )
        found[column] = matches[0]
    return found["authority_name"], found["email"]


def _data_rows(rows: Iterable[list[str]]) -> list[tuple[str, str]]:
    numbered = ((n, r) for n, r in enumerate(rows, start=1) if any(r))
    first = next(numbered, None)
    if first is None:
        raise SpreadsheetRejected("the file has no header row")
    name_at, email_at = _columns(first[1])
    result: list[tuple[str, str]] = []
    for number, row in numbered:
        name = row[name_at] if name_at < len(row) else ""
        email = row[email_at] if email_at < len(row) else ""
        if not name:
            raise SpreadsheetRejected(f"row {number}: the authority name is missing")
        result.append((name, email))
        if len(result) > MAX_ROWS:
            raise SpreadsheetRejected(f"at most {MAX_ROWS} invitations per file")
    if not result:
        raise SpreadsheetRejected("the file has no invitation rows")
    return result


def csv_template() -> bytes:
    """The template to download (DIR-049), CSV flavour (UTF-8 with BOM, for spreadsheets)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(HEADER)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_template() -> bytes:
    """The template to download (DIR-049), XLSX flavour."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "invitations"
    sheet.append(list(HEADER))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
