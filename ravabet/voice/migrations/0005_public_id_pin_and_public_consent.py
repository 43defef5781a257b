"""Open311's own public id, the citizen's PIN and the two consents to publish.

Existing messages get a random public id. They get no PIN: their codes were listed by
Open311 without a key, so the code alone now shows only the status; the PR office can
give their citizens a PIN. No message and no category becomes public by itself.
"""

from django.db import migrations, models
from django.db.models import Q

import ravabet.voice.models


def fill_public_ids(apps, schema_editor):  # type: ignore[no-untyped-def]
    Message = apps.get_model("voice", "Message")
    taken: set[str] = set()
    for message in Message.objects.only("pk").iterator():
        public_id = ravabet.voice.models.new_public_id()
        while public_id in taken:
            public_id = ravabet.voice.models.new_public_id()
        taken.add(public_id)
        Message.objects.filter(pk=message.pk).update(public_id=public_id)


class Migration(migrations.Migration):
    dependencies = [("voice", "0004_opaque_file_names")]

    operations = [
        migrations.AddField(
            model_name="category",
            name="is_public",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Messages of this category whose citizens agreed may be listed publicly "
                    "(Open311), without names or contact details."
                ),
                verbose_name="shown publicly",
            ),
        ),
        migrations.AddConstraint(
            model_name="category",
            constraint=models.CheckConstraint(
                condition=~Q(code="staff-conduct", is_public=True),
                name="voice_staff_conduct_never_public",
            ),
        ),
        migrations.AddField(
            model_name="message",
            name="public_consent",
            field=models.BooleanField(
                default=False, verbose_name="citizen agreed to show it publicly"
            ),
        ),
        migrations.AddField(
            model_name="message",
            name="pin_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="message",
            name="public_id",
            field=models.CharField(editable=False, max_length=16, null=True),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="message",
            name="public_id",
            field=models.CharField(
                default=ravabet.voice.models.new_public_id,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="public id",
            ),
        ),
    ]
