from django.core.management.base import BaseCommand, CommandError, CommandParser

from ravabet.network.models import Municipality
from ravabet.voice.actions import issue_api_key


class Command(BaseCommand):
    help = "Issue (or replace) an Open311 api_key for a client of one municipality."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality", help="the municipality's slug (jurisdiction_id)")
        parser.add_argument("client", help="a name for the client, e.g. 'FixMyStreet app'")

    def handle(self, *args: object, **options: str) -> None:
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"No municipality with the slug {options['municipality']!r}.")
        key = issue_api_key(municipality, options["client"])
        self.stdout.write(f"api_key for {options['client']} at {municipality.slug}: {key}")
        self.stdout.write("It is shown once; only its hash is stored.")
