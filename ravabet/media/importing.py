"""Journalists from a CSV or XLSX file: read, check row by row, preview, then save."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ravabet.lib.phones import normalize_phone
from ravabet.lib.uploads import check_zip

from .models import Journalist

MAX_ROWS = 5000
MAX_COLUMNS = 100
MAX_BYTES = 5 * 1024 * 1024

# Column headings as offices write them, in either language.
HEADINGS = {
    "name": {"name", "full name", "نام", "نام و نام خانوادگی", "نام خبرنگار"},
    "outlet": {"outlet", "media", "رسانه", "نام رسانه"},
    "beat": {"beat", "حوزه", "حوزه کاری"},
    "email": {"email", "e-mail", "ایمیل", "رایانامه", "پست الکترونیک"},
    "phone": {"phone", "mobile", "تلفن", "موبایل", "همراه", "شماره تماس"},
    "notes": {"notes", "یادداشت", "توضیحات"},
    "consent": {"consent", "رضایت", "موافقت"},
}
YES = {"1", "yes", "y", "true", "بله", "آری", "دارد", "✓"}
COLUMNS = ["name", "outlet", "beat", "email", "phone", "notes", "consent"]


@dataclass
class Row:
    line: int
    data: dict[str, str]
    errors: list[str] = field(default_factory=list)
    duplicate: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.duplicate


def _heading(text: str) -> str | None:
    clean = (text or "").strip().lower()
    for key, names in HEADINGS.items():
        if clean in names:
            return key
    return None


def read_table(name: str, data: bytes) -> list[list[str]]:
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    lower = name.lower()
    if lower.endswith(".xlsx"):
        unreadable = _("This .xlsx file could not be read; is it really an Excel file?")
        # An .xlsx is a zip: judged by what it declares and unpacks to before openpyxl.
        check_zip(data, invalid=unreadable)
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a broken file
            raise ValidationError(unreadable) from None
        sheet = book.worksheets[0]
        # openpyxl pads every row to the width the sheet declares (up to 16,384 columns).
        width = sheet.max_column
        if width is not None and width > MAX_COLUMNS:
            width = MAX_COLUMNS
        return [
            ["" if v is None else str(v).strip() for v in row]
            for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1, max_col=width)
        ]
    if lower.endswith(".csv"):
        for encoding in ("utf-8-sig", "cp1256"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError(_("The CSV file is not in UTF-8 or Windows Arabic encoding."))
        return list(csv.reader(io.StringIO(text)))[: MAX_ROWS + 1]
    raise ValidationError(_("Upload a .csv or .xlsx file."))


def parse_rows(table: list[list[str]]) -> list[dict[str, str]]:
    if not table:
        raise ValidationError(_("The file is empty."))
    keys = [_heading(h) for h in table[0]]
    if "name" not in keys:
        raise ValidationError(
            _("The first row must name the columns; a «name» (نام) column is required.")
        )
    rows = []
    for values in table[1:]:
        if not any(v.strip() for v in values):
            continue
        row = dict.fromkeys(COLUMNS, "")
        row["_width"] = str(len(values))
        for key, value in zip(keys, values, strict=False):
            if key:
                row[key] = value.strip()
        rows.append(row)
    return rows


def check_rows(municipality, rows: list[dict[str, str]], width: int) -> list[Row]:  # type: ignore[no-untyped-def]
    existing = Journalist.objects.filter(municipality=municipality)
    emails = {e.lower(): n for e, n in existing.exclude(email="").values_list("email", "name")}
    phones = dict(existing.exclude(phone="").values_list("phone", "name"))
    checked = []
    for number, data in enumerate(rows, start=2):
        row = Row(number, {k: data.get(k, "") for k in COLUMNS})
        if int(data.get("_width", width)) > width:
            row.errors.append(_("This row has more cells than the heading row."))
        if not row.data["name"]:
            row.errors.append(_("The name is missing."))
        if len(row.data["name"]) > 200:
            row.errors.append(_("The name is too long."))
        email = row.data["email"]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.errors.append(_("«%(email)s» is not an email address.") % {"email": email})
        phone = normalize_phone(row.data["phone"])
        if row.data["phone"] and not 7 <= len(phone.lstrip("+")) <= 15:
            row.errors.append(
                _("«%(phone)s» is not a phone number.") % {"phone": row.data["phone"]}
            )
        row.data["phone"] = phone
        if not row.errors:
            if email and email.lower() in emails:
                row.duplicate = _("Same email as %(name)s") % {"name": emails[email.lower()]}
            elif phone and phone in phones:
                row.duplicate = _("Same phone as %(name)s") % {"name": phones[phone]}
            else:
                if email:
                    emails[email.lower()] = row.data["name"]
                if phone:
                    phones[phone] = row.data["name"]
        checked.append(row)
    return checked


def consent_value(text: str) -> bool:
    return text.strip().lower() in YES
