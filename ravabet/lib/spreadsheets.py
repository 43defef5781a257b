"""Tables written for spreadsheets (XLSX, CSV), with nothing in them a spreadsheet runs.

Exported cells hold what people typed (a journalist's notes, a resolution's text). A text
that begins like a formula would run when the file is opened (``=HYPERLINK(…)`` sends
the reader to a stranger's site), so it is written with a leading apostrophe, as OWASP
advises for CSV, and read as the text it is; in XLSX it is also stored as a string.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# What makes a spreadsheet read a cell as a formula (tab and CR too, in some of them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's limit for a sheet's name.
MAX_TITLE = 31


def as_text(value: object) -> object:
    """A cell as it is written: text that a spreadsheet would run gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class Sheet:
    header: Sequence[object]
    rows: Iterable[Sequence[object]]
    title: str | None = None
    right_to_left: bool = True


def to_xlsx(sheets: Iterable[Sheet]) -> bytes:
    """A workbook of the sheets, each with a bold header row."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        page = book.create_sheet(sheet.title[:MAX_TITLE] if sheet.title else None)
        page.sheet_view.rightToLeft = sheet.right_to_left
        header = []
        for value in sheet.header:
            cell = WriteOnlyCell(page, value=as_text(str(value)))
            cell.font = Font(bold=True)
            header.append(cell)
        page.append(header)
        for row in sheet.rows:
            page.append([as_text(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(sheet: Sheet) -> str:
    """CSV text with a byte-order mark, so that Excel reads it as UTF-8 (Persian)."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([as_text(str(value)) for value in sheet.header])
    writer.writerows([as_text(value) for value in row] for row in sheet.rows)
    return "\ufeff" + text.getvalue()
