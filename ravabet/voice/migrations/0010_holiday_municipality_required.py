"""Voice's holiday table holds local days off only: a municipality is required."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0002_opaque_logo_names"),
        ("voice", "0009_local_holidays_only"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="holiday",
            options={
                "ordering": ["date"],
                "verbose_name": "local holiday",
                "verbose_name_plural": "local holidays",
            },
        ),
        migrations.RemoveConstraint(
            model_name="holiday",
            name="voice_holiday_global",
        ),
        migrations.RemoveConstraint(
            model_name="holiday",
            name="voice_holiday_local",
        ),
        migrations.AlterField(
            model_name="holiday",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="voice_holidays",
                to="network.municipality",
            ),
        ),
        migrations.AddConstraint(
            model_name="holiday",
            constraint=models.UniqueConstraint(
                fields=("municipality", "date"), name="voice_holiday_local"
            ),
        ),
    ]
