"""Remove addresses that were not confirmed within SUBSCRIPTION_CONFIRM_DAYS."""

from django.conf import settings
from django.core.management.base import BaseCommand

from subscriptions.services import purge_unconfirmed


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        removed = purge_unconfirmed()
        self.stdout.write(
            f"Removed {removed} unconfirmed address(es) older than "
            f"{settings.SUBSCRIPTION_CONFIRM_DAYS} days."
        )
