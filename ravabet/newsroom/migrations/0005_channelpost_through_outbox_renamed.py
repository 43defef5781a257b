"""Second half of 0004: the old channel posts table goes and the new one takes its name
(a transaction of its own, so PostgreSQL has no pending triggers on the altered table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0004_channelpost_through_outbox"),
    ]

    operations = [
        migrations.DeleteModel(name="ChannelPost"),
        # Before the rename: SQLite rebuilds the table for a constraint and names its
        # indexes after the table, which must not be the old table's name.
        migrations.AddConstraint(
            model_name="channelpostthroughoutbox",
            constraint=models.UniqueConstraint(
                fields=("item", "channel", "chat_id"), name="channelpost_once_per_channel"
            ),
        ),
        migrations.RenameModel(old_name="ChannelPostThroughOutbox", new_name="ChannelPost"),
        migrations.AlterModelOptions(
            name="channelpost",
            options={"verbose_name": "channel post", "verbose_name_plural": "channel posts"},
        ),
        migrations.AlterField(
            model_name="channelpost",
            name="channel",
            field=models.CharField(
                choices=[("telegram", "Telegram"), ("bale", "Bale")],
                max_length=20,
                verbose_name="messenger",
            ),
        ),
        migrations.AlterField(
            model_name="channelpost",
            name="chat_id",
            field=models.CharField(max_length=100, verbose_name="channel"),
        ),
        migrations.AlterField(
            model_name="channelpost",
            name="text",
            field=models.TextField(verbose_name="text"),
        ),
        migrations.AlterField(
            model_name="channelpost",
            name="item",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="channel_posts",
                to="newsroom.newsitem",
                verbose_name="news item",
            ),
        ),
    ]
