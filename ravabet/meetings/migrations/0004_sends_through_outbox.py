"""The secretariat's emails become outbox sends: each invitation version and meeting
reminder already sent becomes a sent meetings.InvitationSend, each resolution reminder a
sent ReminderSent (built here under a temporary name, renamed in 0004, which also drops
the invitation's own sent_sequence, sent_at and reminded_at)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_sends(apps, schema_editor):
    Invitation = apps.get_model("meetings", "Invitation")
    InvitationSend = apps.get_model("meetings", "InvitationSend")
    Old = apps.get_model("meetings", "ReminderSent")
    New = apps.get_model("meetings", "ReminderSentThroughOutbox")
    for invitation in Invitation.objects.select_related("meeting").order_by("pk").iterator():
        if invitation.sent_sequence >= 0:
            InvitationSend.objects.create(
                key=f"invitation:{invitation.pk}:{invitation.sent_sequence}",
                source="meetings.invitationsend",
                transport="email",
                target=invitation.email,
                status="sent",
                sent_at=invitation.sent_at,
                invitation=invitation,
                sequence=invitation.sent_sequence,
            )
        if invitation.reminded_at is not None:
            InvitationSend.objects.create(
                key=f"meeting-reminder:{invitation.pk}",
                source="meetings.invitationsend",
                transport="email",
                target=invitation.email,
                status="sent",
                sent_at=invitation.reminded_at,
                invitation=invitation,
                sequence=invitation.meeting.sequence,
                reminder=True,
            )
    for old in Old.objects.order_by("pk").iterator():
        New.objects.create(
            key=f"reminder:{old.resolution_id}:{old.kind}:{old.deadline.isoformat()}",
            source="meetings.remindersent",
            transport="email",
            target="",
            status="sent",
            sent_at=old.sent_at,
            resolution_id=old.resolution_id,
            kind=old.kind,
            deadline=old.deadline,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_opaque_file_names"),
        ("outbox", "0001_send"),
    ]

    operations = [
        migrations.CreateModel(
            name="InvitationSend",
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
                ("sequence", models.IntegerField()),
                ("reminder", models.BooleanField(default=False)),
                (
                    "invitation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sends",
                        to="meetings.invitation",
                    ),
                ),
            ],
            bases=("outbox.send",),
        ),
        migrations.CreateModel(
            name="ReminderSentThroughOutbox",
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
                ("kind", models.CharField(max_length=10)),
                ("deadline", models.DateField()),
                (
                    "resolution",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="meetings.resolution",
                    ),
                ),
            ],
            bases=("outbox.send",),
        ),
        # Back, the schema returns but the sends are not copied back.
        migrations.RunPython(copy_sends, migrations.RunPython.noop, elidable=False),
    ]
