"""Give every existing municipality the voice rows a page used to create on its first read.

New municipalities get them from `voice.actions.setup_municipality`; the categories are
copied here as they were when this migration was written.
"""

from django.db import migrations

# code, Persian name, English name, deadline in working days
DEFAULT_CATEGORIES = (
    ("urban-services", "خدمات شهری", "Urban services", 7),
    ("cleaning-waste", "نظافت و پسماند", "Cleaning and waste", 3),
    ("green-space", "فضای سبز", "Green space", 7),
    ("traffic-roads", "ترافیک و معابر", "Traffic and roads", 10),
    ("building-permits", "ساختمان و پروانه", "Building and permits", 10),
    ("culture-sport", "فرهنگی و ورزشی", "Culture and sport", 10),
    ("staff-conduct", "رفتار کارکنان", "Staff conduct", 5),
    ("other", "سایر", "Other", 10),
)


def set_up_municipalities(apps, schema_editor):
    Municipality = apps.get_model("network", "Municipality")
    Department = apps.get_model("network", "Department")
    VoiceSettings = apps.get_model("voice", "VoiceSettings")
    Category = apps.get_model("voice", "Category")
    for municipality in Municipality.objects.all():
        VoiceSettings.objects.get_or_create(municipality=municipality)
        if Category.objects.filter(municipality=municipality).exists():
            continue
        departments = {d.name: d for d in Department.objects.filter(municipality=municipality)}
        Category.objects.bulk_create(
            Category(
                municipality=municipality,
                code=code,
                name=name,
                name_en=name_en,
                deadline_days=days,
                position=position,
                department=departments.get(name),
            )
            for position, (code, name, name_en, days) in enumerate(DEFAULT_CATEGORIES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("voice", "0002_holidays_1405"),
    ]

    operations = [migrations.RunPython(set_up_municipalities, migrations.RunPython.noop)]
