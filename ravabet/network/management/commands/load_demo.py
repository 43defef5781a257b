from typing import Any

from django.core.management.base import BaseCommand

from ravabet.network.demo import DEMO_PASSWORD, load_network


class Command(BaseCommand):
    help = "Load the demo network (eastern Gilan). Safe to run again: it changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_network()
        self.stdout.write(self.style.SUCCESS("Demo network loaded: eastern Gilan."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<28} {login.role}")
