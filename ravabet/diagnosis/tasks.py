"""The diagnosis's periodic work: the dashboard's kept figures, refreshed."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_kept_figures() -> int:
    """This quarter's kept figures of every member, recomputed (idempotent)."""
    from .actions import refresh_kept_figures as refresh

    return refresh()


# Enqueued by `manage.py tick` (cron, or `make run`) every few minutes.
PERIODIC = [refresh_kept_figures]
