from django.core.management.base import BaseCommand
from django.db import transaction

from ravabet.voice.actions import enqueue_overdue_escalations


class Command(BaseCommand):
    help = "Queue the overdue-message alerts to PR heads (run it from cron, e.g. hourly)."

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            count = enqueue_overdue_escalations()
        self.stdout.write(f"{count} escalation(s) queued")
