"""manage.py load_reference_data: all län, kommuner and police regions (safe to run again)."""

from django.core.management.base import BaseCommand

from organisations.reference import load_reference_data


class Command(BaseCommand):
    help = "Load the 21 counties, 290 municipalities and 7 police regions. Safe to run again."

    def handle(self, *args, **options):
        created = load_reference_data()
        summary = ", ".join(f"{count} {what}" for what, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded (new: {summary})."))
