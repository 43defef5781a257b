"""A channel post whose worker died between the claim and the outcome: settled as
interrupted, never posted again by itself; the PR head may post it again after looking.
Against the local stand-in for the bot API, so "nothing posted" is what it saw."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from ravabet.core.management.commands.tick import periodic_tasks
from ravabet.newsroom.actions import deliver_channel_post, post_to_channel
from ravabet.newsroom.models import ChannelPost, PostStatus
from ravabet.outbox.actions import settle_interrupted as settle_interrupted_channel_posts

from .test_channel import bot_api, configured  # noqa: F401  (fixtures)

INTERRUPTED_REASON = "معلوم نیست پست در کانال منتشر شده است یا نه"
WARNING = "ممکن است پست پیش‌تر در کانال باشد"


class WorkerKilled(BaseException):
    """What the worker's process dying looks like from inside: nothing after it runs."""


def _cut_short(item) -> ChannelPost:  # type: ignore[no-untyped-def]
    post = post_to_channel(item, "http://testserver" + item.get_absolute_url())
    # Queued long before a worker got to it (the worker was down): the clock starts at
    # the claim, not at the queueing.
    _claimed_ago(post, 120)
    with (
        mock.patch("ravabet.newsroom.messenger.BotAPI.send_message", side_effect=WorkerKilled),
        pytest.raises(WorkerKilled),
    ):
        deliver_channel_post(post.pk)
    post.refresh_from_db()
    assert post.status == PostStatus.SENDING
    return post


def _claimed_ago(post: ChannelPost, minutes: float) -> None:
    ChannelPost.objects.filter(pk=post.pk).update(
        claimed_at=timezone.now() - timedelta(minutes=minutes)
    )


@pytest.fixture
def interrupted(rudsar_published, configured) -> ChannelPost:  # type: ignore[no-untyped-def]  # noqa: F811
    post = _cut_short(rudsar_published)
    _claimed_ago(post, 20)
    assert settle_interrupted_channel_posts() == 1
    post.refresh_from_db()
    return post


def test_a_post_cut_short_is_interrupted_only_once_it_is_stale(
    rudsar_published,
    configured,  # noqa: F811
    bot_api,  # noqa: F811
):
    post = _cut_short(rudsar_published)
    assert bot_api.calls == []
    assert settle_interrupted_channel_posts() == 0
    _claimed_ago(post, 1)
    assert settle_interrupted_channel_posts() == 0
    post.refresh_from_db()
    assert post.status == PostStatus.SENDING and post.reason == ""

    _claimed_ago(post, 16)
    assert settle_interrupted_channel_posts() == 1
    post.refresh_from_db()
    assert post.status == PostStatus.INTERRUPTED
    assert INTERRUPTED_REASON in post.reason
    settled = (post.status, post.reason, post.attempts, post.updated_at)
    assert settle_interrupted_channel_posts() == 0
    post.refresh_from_db()
    assert (post.status, post.reason, post.attempts, post.updated_at) == settled

    # The job run again (a duplicate task, a restarted worker) does not post it.
    assert deliver_channel_post(post.pk) == "skipped"
    assert bot_api.calls == []


def test_a_sent_post_is_left_alone(rudsar_published, configured):  # noqa: F811
    post = post_to_channel(rudsar_published, "http://testserver/")
    long_ago = timezone.now() - timedelta(hours=3)
    ChannelPost.objects.filter(pk=post.pk).update(
        status=PostStatus.SENT, external_id="7", claimed_at=long_ago, updated_at=long_ago
    )
    assert settle_interrupted_channel_posts() == 0
    post.refresh_from_db()
    assert post.status == PostStatus.SENT and post.reason == ""


def test_the_head_posts_it_again_once_after_the_warning(
    client_for,
    rudsar_head,
    interrupted,
    bot_api,  # noqa: F811
    run_tasks,
    django_capture_on_commit_callbacks,
):
    client = client_for(rudsar_head)
    item_url = f"/office/news/{interrupted.item_id}/"
    page = client.get(item_url).content.decode()
    assert "نیمه‌کاره" in page and INTERRUPTED_REASON in page
    assert WARNING in page
    retry = f"/office/news/channel-posts/{interrupted.pk}/retry/"
    assert retry in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(retry)["Location"] == item_url
        # A second click finds it queued, not interrupted: refused, nothing more queued.
        page = client.post(retry, follow=True).content.decode()
    assert "فقط ارسالِ ناموفق یا نیمه‌کاره" in page
    run_tasks()
    run_tasks()
    assert [m for m, _b in bot_api.calls] == ["sendMessage"]
    interrupted.refresh_from_db()
    assert interrupted.status == PostStatus.SENT and interrupted.reason == ""


def test_others_cannot_post_it_again(
    client_for,
    rudsar_reporter,
    lahijan_head,
    interrupted,
    bot_api,  # noqa: F811
    run_tasks,
    django_capture_on_commit_callbacks,
):
    retry = f"/office/news/channel-posts/{interrupted.pk}/retry/"
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(lahijan_head).post(retry).status_code == 404
        assert client_for(rudsar_reporter).post(retry).status_code == 403
    page = client_for(rudsar_reporter).get(f"/office/news/{interrupted.item_id}/").content.decode()
    assert "نیمه‌کاره" in page and retry not in page
    run_tasks()
    assert bot_api.calls == []
    before = (interrupted.status, interrupted.reason, interrupted.updated_at)
    interrupted.refresh_from_db()
    assert (interrupted.status, interrupted.reason, interrupted.updated_at) == before


def test_the_dashboard_lists_it(client_for, rudsar_reporter, interrupted):
    page = client_for(rudsar_reporter).get("/office/m/rudsar/").content.decode()
    assert 'data-testid="interrupted"' in page
    panel = page.split('data-testid="interrupted"', 1)[1]
    assert "نیمه‌کاره" in panel.split("</h3>", 1)[0]
    assert f"/office/news/{interrupted.item_id}/" in panel
    assert "معلوم نیست در کانال گذاشته شد یا نه" in panel


def test_the_periodic_tick_settles_them(
    rudsar_published,
    configured,  # noqa: F811
    bot_api,  # noqa: F811
    run_tasks,
    django_capture_on_commit_callbacks,
):
    assert "ravabet.outbox.tasks.settle_interrupted" in {
        task.module_path for task in periodic_tasks()
    }
    post = _cut_short(rudsar_published)
    _claimed_ago(post, 20)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tick", stdout=StringIO())
    run_tasks()
    post.refresh_from_db()
    assert post.status == PostStatus.INTERRUPTED
    assert bot_api.calls == []
