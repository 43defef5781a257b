from __future__ import annotations

from django_tasks import task


@task()
def deliver(send_ids: list[int]) -> dict[str, int]:
    from .actions import deliver

    counts = deliver(send_ids)
    return {"sent": counts.sent, "failed": counts.failed, "skipped": counts.skipped}


@task()
def settle_interrupted() -> int:
    from .actions import settle_interrupted

    return settle_interrupted()


@task()
def send_due() -> int:
    from .actions import send_due

    return send_due()


# Enqueued by `manage.py tick` (cron, or `make run`); each is idempotent.
PERIODIC = [settle_interrupted, send_due]
