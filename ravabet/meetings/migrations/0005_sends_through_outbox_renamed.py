"""Second half of 0003 (a transaction of its own, so PostgreSQL has no pending triggers
on the tables it alters)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_sends_through_outbox"),
    ]

    operations = [
        migrations.RemoveField(model_name="invitation", name="sent_sequence"),
        migrations.RemoveField(model_name="invitation", name="sent_at"),
        migrations.RemoveField(model_name="invitation", name="reminded_at"),
        migrations.DeleteModel(name="ReminderSent"),
        # Before the rename: SQLite rebuilds the table for a constraint and names its
        # indexes after the table, which must not be the old table's name.
        migrations.AddConstraint(
            model_name="remindersentthroughoutbox",
            constraint=models.UniqueConstraint(
                fields=("resolution", "kind", "deadline"), name="reminder_once_per_event"
            ),
        ),
        migrations.AddConstraint(
            model_name="remindersentthroughoutbox",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["before", "after"])),
                name="reminder_kind_valid",
            ),
        ),
        migrations.RenameModel(old_name="ReminderSentThroughOutbox", new_name="ReminderSent"),
        migrations.AlterField(
            model_name="remindersent",
            name="kind",
            field=models.CharField(
                choices=[("before", "before the deadline"), ("after", "after the deadline")],
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="remindersent",
            name="resolution",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reminders",
                to="meetings.resolution",
            ),
        ),
    ]
