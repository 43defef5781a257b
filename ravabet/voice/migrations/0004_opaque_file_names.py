from django.db import migrations

from ravabet.core.files import rename_stored_files


def rename(apps, schema_editor):
    # Names were voice/<year>/<month>/<tracking code>-photo: the code is the citizen's secret.
    rename_stored_files(apps.get_model("voice", "Photo"), "image", "voice/photos")


class Migration(migrations.Migration):
    dependencies = [
        ("voice", "0003_set_up_municipalities"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
