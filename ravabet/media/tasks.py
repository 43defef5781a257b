from __future__ import annotations

from django_tasks import task


@task()
def send_distribution(distribution_id: int) -> dict[str, int]:
    from .actions import deliver_distribution

    return deliver_distribution(distribution_id)


@task()
def send_to_recipient(delivery_id: int) -> dict[str, int]:
    from .actions import deliver_to_recipient

    return deliver_to_recipient(delivery_id)


@task()
def settle_interrupted_deliveries() -> int:
    from .actions import settle_interrupted_deliveries

    return settle_interrupted_deliveries()


# Enqueued by `manage.py tick` (cron, or `make run`); each is idempotent.
PERIODIC = [settle_interrupted_deliveries]
