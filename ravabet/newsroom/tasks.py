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
