import ravabet.meetings.models
from django.db import migrations, models

from ravabet.core.files import rename_stored_files


def rename(apps, schema_editor):
    # Names ended in what the uploader called the file: keep that as the display name only.
    rename_stored_files(
        apps.get_model("meetings", "MinutesAttachment"),
        "file",
        "meetings/attachments",
        display_name="name",
    )
    rename_stored_files(
        apps.get_model("meetings", "ProgressUpdate"),
        "attachment",
        "meetings/progress",
        display_name="attachment_name",
    )


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0002_meeting_news_item'),
    ]

    operations = [
        migrations.AddField(
            model_name='progressupdate',
            name='attachment_name',
            field=models.CharField(blank=True, max_length=200, verbose_name='attachment name'),
        ),
        migrations.AlterField(
            model_name='progressupdate',
            name='attachment',
            field=models.FileField(blank=True, upload_to=ravabet.meetings.models.progress_attachment_path, verbose_name='attachment'),
        ),
        migrations.RunPython(rename, migrations.RunPython.noop),
    ]
