import ravabet.network.models
from django.db import migrations, models

from ravabet.core.files import rename_stored_files


def rename(apps, schema_editor):
    rename_stored_files(apps.get_model("network", "Municipality"), "logo", "logos")


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='municipality',
            name='logo',
            field=models.ImageField(blank=True, upload_to=ravabet.network.models.logo_path, verbose_name='logo'),
        ),
        migrations.RunPython(rename, migrations.RunPython.noop),
    ]
