"""Voice keeps only each office's own days off: the official ones are the official calendar's.

The nationwide rows that migration 0002 shipped (1405's printed holidays) are the calendar's
own days now and go. A nationwide row an admin added by hand is kept as what it was, an
extra day off: a nationwide closure in the official calendar, saying where it came from.
"""

import importlib

import jdatetime
from django.db import migrations

_shipped_1405 = importlib.import_module("ravabet.voice.migrations.0002_holidays_1405")


def move_national_rows(apps, schema_editor):
    Holiday = apps.get_model("voice", "Holiday")
    Correction = apps.get_model("officialcalendar", "Correction")
    shipped = {
        jdatetime.date(1405, month, day).togregorian(): name
        for month, day, name in _shipped_1405.HOLIDAYS_1405
    }
    for holiday in Holiday.objects.filter(municipality__isnull=True):
        if shipped.get(holiday.date) != holiday.name:
            Correction.objects.get_or_create(
                kind="closure",
                network=None,
                date=holiday.date,
                defaults={
                    "title": holiday.name,
                    "reason": "From the citizens' voice holiday table (an official holiday "
                    "added by the site admin).",
                },
            )
    Holiday.objects.filter(municipality__isnull=True).delete()


def restore_national_rows(apps, schema_editor):
    Holiday = apps.get_model("voice", "Holiday")
    for month, day, name in _shipped_1405.HOLIDAYS_1405:
        date = jdatetime.date(1405, month, day).togregorian()
        Holiday.objects.get_or_create(municipality=None, date=date, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0002_opaque_logo_names"),
        ("voice", "0008_category_bilingual_name"),
        ("officialcalendar", "0001_calendar_corrections"),
    ]

    # Data only: PostgreSQL refuses to change a table's schema in the transaction that
    # changed its rows ("pending trigger events"), so the schema is 0007's.
    operations = [migrations.RunPython(move_national_rows, restore_national_rows)]
