from __future__ import annotations

from django_tasks import task


@task()
def prune_rate_counters() -> int:
    """Delete rate counters no limit can still read (idempotent)."""
    from .throttle import prune

    return prune()


PERIODIC = [prune_rate_counters]
