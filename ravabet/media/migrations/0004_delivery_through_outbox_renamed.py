"""Second half of 0003: the old deliveries table goes and the new one takes its name.

Apart from 0003 so PostgreSQL alters the new table in a transaction of its own (rows
inserted in the same one would leave pending constraint triggers).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0003_delivery_through_outbox"),
    ]

    operations = [
        migrations.DeleteModel(name="Delivery"),
        # Before the rename: SQLite rebuilds the table for a constraint and names its
        # indexes after the table, which must not be the old table's name.
        migrations.AddConstraint(
            model_name="deliverythroughoutbox",
            constraint=models.UniqueConstraint(
                fields=("distribution", "email"), name="delivery_once_per_address"
            ),
        ),
        migrations.RenameModel(old_name="DeliveryThroughOutbox", new_name="Delivery"),
        migrations.AlterModelOptions(
            name="delivery",
            options={
                "ordering": ["name"],
                "verbose_name": "delivery",
                "verbose_name_plural": "deliveries",
            },
        ),
        migrations.AlterField(
            model_name="delivery",
            name="distribution",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="deliveries",
                to="media.distribution",
                verbose_name="distribution",
            ),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="journalist",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="deliveries",
                to="media.journalist",
                verbose_name="journalist",
            ),
        ),
    ]
