"""Issue 9 §6: the journalists' XLSX export writes a typed formula as text, as the CSV does."""

from __future__ import annotations

import io

from openpyxl import load_workbook

HYPERLINK = '=HYPERLINK("http://evil.example/","click me")'


def test_a_formula_in_a_journalists_notes_is_text_in_the_xlsx(
    client_for, rudsar_reporter, two_journalists
):
    two_journalists[1].notes = HYPERLINK
    two_journalists[1].beat = "@channel"
    two_journalists[1].save()
    response = client_for(rudsar_reporter).get("/office/m/rudsar/media/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    notes, beat = rows["کیوان رستمی"][5], rows["کیوان رستمی"][2]
    assert (notes.data_type, notes.value) == ("s", "'" + HYPERLINK)
    assert (beat.data_type, beat.value) == ("s", "'@channel")
    csv_text = client_for(rudsar_reporter).get("/office/m/rudsar/media/export.csv")
    assert f"'{HYPERLINK}".replace('"', '""') in csv_text.content.decode("utf-8-sig")
