"""Channel posts become sends of the outbox: status, reason, attempts, the bot's message
id and the claim (a post in flight was claimed at its updated_at) move to an outbox.Send
row that the new ChannelPost extends.

Built under a temporary name and renamed in 0005, once the old table is gone, so no
table, index or constraint name is taken twice.
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_posts(apps, schema_editor):
    Send = apps.get_model("outbox", "Send")
    Old = apps.get_model("newsroom", "ChannelPost")
    New = apps.get_model("newsroom", "ChannelPostThroughOutbox")
    for old in Old.objects.order_by("pk").iterator():
        new = New.objects.create(
            key=f"channelpost:{old.item_id}:{old.channel}:{old.chat_id}",
            source="newsroom.channelpost",
            transport="bot",
            target=old.chat_id,
            status=old.status,
            reason=old.reason,
            attempts=old.attempts,
            external_id=old.message_id,
            claimed_at=old.updated_at if old.status == "sending" else None,
            sent_at=old.updated_at if old.status == "sent" else None,
            item_id=old.item_id,
            channel=old.channel,
            chat_id=old.chat_id,
            text=old.text,
        )
        # auto_now(_add) stamped the copy with today: give it back its own times.
        Send.objects.filter(pk=new.pk).update(
            created_at=old.created_at, updated_at=old.updated_at
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_channelpost_interrupted"),
        ("outbox", "0001_send"),
    ]

    operations = [
        migrations.CreateModel(
            name="ChannelPostThroughOutbox",
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
                ("channel", models.CharField(max_length=20)),
                ("chat_id", models.CharField(max_length=100)),
                ("text", models.TextField()),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="newsroom.newsitem",
                    ),
                ),
            ],
            bases=("outbox.send",),
        ),
        # Back, the schema returns but the sends are not copied back.
        migrations.RunPython(copy_posts, migrations.RunPython.noop, elidable=False),
    ]
