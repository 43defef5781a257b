"""Issue 9 §6: the resolution board's XLSX writes a typed formula as text."""

from __future__ import annotations

import io

from openpyxl import load_workbook

HYPERLINK = '=HYPERLINK("http://evil.example/","click me")'


def test_a_formula_in_a_resolution_is_text_in_the_board_xlsx(
    client_for, observer, rudsar_resolution
):
    rudsar_resolution.text = HYPERLINK
    rudsar_resolution.save()
    response = client_for(observer).get("/office/meetings/n/east-gilan/board.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cell = book.worksheets[0]["A2"]
    assert (cell.data_type, cell.value) == ("s", "'" + HYPERLINK)
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)
    assert book.worksheets[0]["A1"].font.b
