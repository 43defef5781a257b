from __future__ import annotations

from django_tasks import task


@task()
def send_distribution(distribution_id: int) -> dict[str, int]:
    from .actions import deliver_distribution

    return deliver_distribution(distribution_id)
