"""Enqueue every capability's periodic work: reminders, escalations, scheduled publishing.

Each app may list argument-less, idempotent tasks in `ravabet.<app>.tasks.PERIODIC`; a tick
enqueues them all and the worker runs them. Run it from cron every few minutes, or as a
service with `--every SECONDS` (`make run` does that).
"""

import time
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django_tasks.base import Task


def periodic_tasks() -> list[Task[Any, Any]]:
    found: list[Task[Any, Any]] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.tasks"
        if config.name.startswith("ravabet.") and find_spec(module_name) is not None:
            found.extend(getattr(import_module(module_name), "PERIODIC", []))
    return found


class Command(BaseCommand):
    help = "Enqueue the periodic tasks of every app (safe to run as often as you like)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=int, default=0, help="Keep running, ticking every N seconds."
        )

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        try:
            while True:
                for task in periodic_tasks():
                    task.enqueue()
                    self.stdout.write(f"enqueued {task.module_path}")
                if not every:
                    return
                time.sleep(every)
        except KeyboardInterrupt:  # Ctrl-C in `make run`
            return
