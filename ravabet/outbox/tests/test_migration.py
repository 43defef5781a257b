"""The four schemes' existing rows move into the outbox with their state: a delivery in
flight stays in flight (and is settled as interrupted), one still queued is sent by the
sweep, what was sent stays sent and is never sent again."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from typing import Any, cast

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from ravabet.media.models import Delivery, Distribution, Journalist
from ravabet.meetings.models import Invitation, ReminderSent
from ravabet.meetings.tests.conftest import guest
from ravabet.newsroom.models import ChannelPost
from ravabet.newsroom.tests.conftest import make_published
from ravabet.outbox.actions import send_due, settle_interrupted
from ravabet.outbox.models import Send, Status
from ravabet.voice.models import Escalation

from .conftest import recipients

BEFORE = [
    ("media", "0002_delivery_claimed_at_interrupted"),
    ("newsroom", "0003_channelpost_interrupted"),
    ("voice", "0005_public_id_pin_and_public_consent"),
    ("meetings", "0003_opaque_file_names"),
]


def _migrate(targets: list[tuple[str, str]] | None = None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_existing_sends_move_into_the_outbox(
    rudsar, rudsar_reporter, rudsar_head, make_message, planned, rudsar_resolution, smtp_server
):
    # What the migrations leave alone is made now; the send records in the old schema.
    item = make_published(rudsar, rudsar_reporter, rudsar_head)
    distribution = Distribution.objects.create(
        item=item,
        created_by=rudsar_head,
        from_email="pr@rudsar.example",
        base_url="http://testserver",
    )
    people = [
        Journalist.objects.create(
            municipality=rudsar, name=name, email=f"{name}@example.org", consent=True
        )
        for name in ("sent", "sending", "queued")
    ]
    message = make_message(rudsar, due_on=timezone.localdate() - dt.timedelta(days=2))
    invitation = guest(planned)
    long_ago = timezone.now() - timedelta(hours=2)

    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    for journalist in people:
        old.get_model("media", "Delivery").objects.create(
            distribution_id=distribution.pk,
            journalist_id=journalist.pk,
            name=journalist.name,
            email=journalist.email,
            status=journalist.name,
            attempts=0 if journalist.name == "queued" else 1,
            claimed_at=None if journalist.name == "queued" else long_ago,
            sent_at=long_ago if journalist.name == "sent" else None,
        )
    old.get_model("newsroom", "ChannelPost").objects.create(
        item_id=item.pk,
        channel="bale",
        chat_id="@rudsar_news",
        text="خبر",
        status="sent",
        message_id="7",
        attempts=1,
    )
    old.get_model("voice", "Escalation").objects.create(
        message_id=message.pk, stage="overdue", sent_at=long_ago
    )
    old.get_model("meetings", "Invitation").objects.filter(pk=invitation.pk).update(
        sent_sequence=0, sent_at=long_ago, reminded_at=long_ago
    )
    old.get_model("meetings", "ReminderSent").objects.create(
        resolution_id=rudsar_resolution.pk, kind="after", deadline=rudsar_resolution.deadline
    )

    _migrate()

    deliveries = {d.name: d for d in Delivery.objects.all()}
    assert {n: (d.status, d.attempts) for n, d in deliveries.items()} == {
        "sent": (Status.SENT, 1),
        "sending": (Status.SENDING, 1),
        "queued": (Status.QUEUED, 0),
    }
    assert deliveries["sent"].key == f"delivery:{distribution.pk}:sent@example.org"
    post = ChannelPost.objects.get()
    assert (post.status, post.message_id, post.target) == (Status.SENT, "7", "@rudsar_news")
    assert list(Escalation.objects.values_list("message_id", "stage", "status")) == [
        (message.pk, "overdue", Status.SENT)
    ]
    invitation = Invitation.objects.with_sent_at().get(pk=invitation.pk)
    # sent_at: the annotation the meeting page shows
    assert invitation.sent_sequence == 0 and cast(Any, invitation).sent_at == long_ago
    assert invitation.sends.filter(reminder=True, status=Status.SENT).count() == 1
    assert list(ReminderSent.objects.values_list("kind", "status")) == [("after", Status.SENT)]

    # And the outbox takes over: the one in flight is interrupted, the waiting one sent.
    Send.objects.filter(status=Status.QUEUED).update(updated_at=long_ago)
    assert settle_interrupted() == 1
    assert send_due() == 1
    assert recipients(smtp_server) == {"queued@example.org": 1}
    assert Delivery.objects.get(name="sending").status == Status.INTERRUPTED
