from typing import Any

from django.core.management.base import BaseCommand

from ravabet.search.actions import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index from every registered record."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} entries."))
