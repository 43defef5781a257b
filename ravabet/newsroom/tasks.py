from __future__ import annotations

from django_tasks import task


@task()
def publish_scheduled(item_id: int) -> bool:
    from .actions import publish_if_due

    return publish_if_due(item_id)
