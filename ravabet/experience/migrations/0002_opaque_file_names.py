from django.db import migrations

from ravabet.core.files import rename_stored_files


def rename(apps, schema_editor):
    # Names ended in what the uploader called the file; that is kept in `name` already.
    model = apps.get_model("experience", "ExperienceAttachment")
    rename_stored_files(model, "file", "experience/attachments", display_name="name")


class Migration(migrations.Migration):
    dependencies = [
        ("experience", "0001_initial"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
