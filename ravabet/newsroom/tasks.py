from __future__ import annotations

from django_tasks import task


@task()
def publish_scheduled(item_id: int) -> bool:
    from .actions import publish_if_due

    return publish_if_due(item_id)


@task()
def send_channel_post(post_id: int) -> str:
    from .actions import deliver_channel_post

    return deliver_channel_post(post_id)


@task()
def settle_interrupted_channel_posts() -> int:
    from .actions import settle_interrupted_channel_posts

    return settle_interrupted_channel_posts()


# Enqueued by `manage.py tick` (cron, or `make run`); each is idempotent.
PERIODIC = [settle_interrupted_channel_posts]
