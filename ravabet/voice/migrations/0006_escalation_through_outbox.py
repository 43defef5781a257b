"""Escalations become sends of the outbox (one per message and stage, as before): an
alert that was recorded went out, so each old row becomes a sent outbox.Send row that
the new Escalation extends. Renamed in 0005, once the old table is gone."""

import django.db.models.deletion
from django.db import migrations, models


def copy_escalations(apps, schema_editor):
    Send = apps.get_model("outbox", "Send")
    Old = apps.get_model("voice", "Escalation")
    New = apps.get_model("voice", "EscalationThroughOutbox")
    for old in Old.objects.order_by("pk").iterator():
        new = New.objects.create(
            key=f"escalation:{old.message_id}:{old.stage}",
            source="voice.escalation",
            transport="email",
            target="",
            status="sent" if old.sent_at else "skipped",
            sent_at=old.sent_at,
            message_id=old.message_id,
            stage=old.stage,
        )
        Send.objects.filter(pk=new.pk).update(created_at=old.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("voice", "0005_public_id_pin_and_public_consent"),
        ("outbox", "0001_send"),
    ]

    operations = [
        migrations.CreateModel(
            name="EscalationThroughOutbox",
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
                ("stage", models.CharField(max_length=20)),
                (
                    "message",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="voice.message",
                    ),
                ),
            ],
            bases=("outbox.send",),
        ),
        # Back, the schema returns but the sends are not copied back.
        migrations.RunPython(copy_escalations, migrations.RunPython.noop, elidable=False),
    ]
