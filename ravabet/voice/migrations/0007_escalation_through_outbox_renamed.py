"""Second half of 0004: the old escalations table goes and the new one takes its name
(a transaction of its own, so PostgreSQL has no pending triggers on the altered table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("voice", "0006_escalation_through_outbox"),
    ]

    operations = [
        migrations.DeleteModel(name="Escalation"),
        # Before the rename: SQLite rebuilds the table for a constraint and names its
        # indexes after the table, which must not be the old table's name.
        migrations.AddConstraint(
            model_name="escalationthroughoutbox",
            constraint=models.UniqueConstraint(
                fields=("message", "stage"), name="voice_escalation_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="escalationthroughoutbox",
            constraint=models.CheckConstraint(
                condition=models.Q(("stage__in", ["overdue", "long_overdue"])),
                name="voice_escalation_stage_valid",
            ),
        ),
        migrations.RenameModel(old_name="EscalationThroughOutbox", new_name="Escalation"),
        migrations.AlterField(
            model_name="escalation",
            name="stage",
            field=models.CharField(
                choices=[("overdue", "overdue"), ("long_overdue", "overdue twice its deadline")],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="escalation",
            name="message",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="escalations",
                to="voice.message",
            ),
        ),
    ]
