from django.core.management.base import BaseCommand

from ravabet.meetings.tasks import send_due_reminders


class Command(BaseCommand):
    help = "Queue the due meeting and resolution reminders (run daily; safe to run again)."

    def handle(self, *args: object, **options: object) -> None:
        send_due_reminders.enqueue()
