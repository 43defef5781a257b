"""The scale path (README, "Scale"): Redis for the cache and RQ for the task queue, chosen
by the environment; a bad value stops the start with the variable's name.

CI runs the whole suite twice: on SQLite with the database cache and queue, on PostgreSQL
with Redis and RQ (.ci/run), so every test that enqueues and runs a task runs on both.
"""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django_tasks import task_backends

from .test_settings import _manage


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"RAVABET_CACHE": "memcached"}, "RAVABET_CACHE"),
        ({"RAVABET_TASKS": "celery"}, "RAVABET_TASKS"),
        ({"RAVABET_REDIS_URL": "localhost:6379"}, "RAVABET_REDIS_URL"),
        ({"RAVABET_TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}, "RAVABET_TASKS"),
    ],
)
def test_bad_scale_settings_stop_the_start_plainly(env, named):
    result = _manage("check", RAVABET_DEBUG="1", **env)
    assert result.returncode != 0
    assert named in result.stderr and "Traceback" not in result.stderr


def test_redis_and_rq_settings_pass_the_checks():
    result = _manage(
        "check",
        RAVABET_DEBUG="1",
        RAVABET_CACHE="redis",
        RAVABET_TASKS="rq",
        RAVABET_REDIS_URL="redis://127.0.0.1:6379/15",
    )
    assert result.returncode == 0, result.stderr


def test_the_suite_runs_on_the_backends_the_environment_names(db):
    tasks = os.environ.get("RAVABET_TASKS", "database")
    expected = {"rq": "RQBackend", "database": "DatabaseBackend"}[tasks]
    assert type(task_backends["default"]).__name__ == expected
    backend = str(settings.CACHES["default"]["BACKEND"])
    assert backend.endswith(
        "RedisCache" if os.environ.get("RAVABET_CACHE") == "redis" else "DatabaseCache"
    )
    cache.set("scale-probe", "یک", 60)
    assert cache.get("scale-probe") == "یک"


def test_a_form_limit_survives_a_flushed_cache(db):
    # Redis may be restarted (it keeps nothing on disk here) or evict: a limit is a row.
    from ravabet.core import throttle

    for _ in range(3):
        throttle.hit("scale-test", "198.51.100.7", 600)
    cache.clear()
    assert throttle.is_limited("scale-test", "198.51.100.7", allowed=3, seconds=600)
