from typing import Any

from django.core.management.base import BaseCommand

from ravabet.crisis import static
from ravabet.network.models import Municipality


class Command(BaseCommand):
    help = "Write every municipality's static crisis page again (RAVABET_CRISIS_STATIC_ROOT)."

    def handle(self, *args: Any, **options: Any) -> None:
        paths = static.write_pages(Municipality.objects.values_list("pk", flat=True))
        self.stdout.write(f"{len(paths)} crisis pages written under {static.root()}")
