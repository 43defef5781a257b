"""A code and a masked number are written in the reader's digits (found in the screenshot
walk: English pages showed ۳۸۲۳-۴۸۸۸), and the mask is not dots, which read as Persian zeros."""

from __future__ import annotations

from django.urls import reverse


def test_english_pages_write_codes_and_numbers_in_latin_digits(
    client_for, rudsar_head, rudsar, make_message
):  # type: ignore[no-untyped-def]
    message = make_message(rudsar)
    client = client_for(rudsar_head)
    persian = client.get(message.get_office_url()).content.decode()
    code = message.code
    assert f"{code[:4]}-{code[4:]}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in persian
    assert "۰۹۱۲×××××۶۷" in persian and "•" not in persian
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(message.get_office_url()).content.decode()
    assert f"{code[:4]}-{code[4:]}" in english
    assert "0912×××××67" in english
