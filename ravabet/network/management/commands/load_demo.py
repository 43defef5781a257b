from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from ravabet.core.publiccache import public_changed


class Command(BaseCommand):
    help = (
        "Load the demo: the eastern Gilan network and, app by app, its meetings, news and "
        "citizens' messages. Safe to run again: it changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Each capability's `demo.load()` adds its part, in INSTALLED_APPS order (the network
        # first), and returns the lines to print.
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if not config.name.startswith("ravabet.") or find_spec(module_name) is None:
                continue
            for line in import_module(module_name).load():
                self.stdout.write(line)
        # Whatever the demo added is public at once (core/publiccache.py).
        public_changed()
