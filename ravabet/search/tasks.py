from __future__ import annotations

from django_tasks import task


@task()
def tidy_index() -> int:
    from .actions import tidy_index as tidy

    return tidy()


PERIODIC = [tidy_index]
