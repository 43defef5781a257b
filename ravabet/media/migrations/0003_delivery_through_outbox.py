"""Deliveries become sends of the outbox: each row's status, reason, attempts, claim and
sent_at move to an outbox.Send row that the new Delivery extends.

Built under a temporary name, filled, and renamed once the old table is gone, so no
table, index or constraint name is ever taken twice (PostgreSQL's are per schema).
A delivery still queued is sent by the outbox's periodic sweep; one still "sending" is
settled as interrupted after the usual grace period, as before.
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_deliveries(apps, schema_editor):
    Old = apps.get_model("media", "Delivery")
    New = apps.get_model("media", "DeliveryThroughOutbox")
    for old in Old.objects.order_by("pk").iterator():
        New.objects.create(
            key=f"delivery:{old.distribution_id}:{old.email}",
            source="media.delivery",
            transport="email",
            target=old.email,
            status=old.status,
            reason=old.reason,
            attempts=old.attempts,
            claimed_at=old.claimed_at,
            sent_at=old.sent_at,
            distribution_id=old.distribution_id,
            journalist_id=old.journalist_id,
            name=old.name,
            email=old.email,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0002_delivery_claimed_at_interrupted"),
        ("outbox", "0001_send"),
    ]

    operations = [
        migrations.CreateModel(
            name="DeliveryThroughOutbox",
            fields=[
                (
                    "send_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="outbox.send",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("email", models.EmailField(max_length=254, verbose_name="email")),
                (
                    "distribution",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="media.distribution",
                    ),
                ),
                (
                    "journalist",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="media.journalist",
                    ),
                ),
            ],
            bases=("outbox.send",),
        ),
        # Back, the schema returns but the sends are not copied back.
        migrations.RunPython(copy_deliveries, migrations.RunPython.noop, elidable=False),
    ]
