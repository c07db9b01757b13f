"""Send confirmed subscribers what was published since they confirmed (run by a scheduler).

Removes unconfirmed addresses past SUBSCRIPTION_CONFIRM_DAYS first, finds the events, then
sends each subscription one message with all its new events. Safe to run twice at once and
after a crash: see the README, "E-mail subscriptions"."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from subscriptions import services


class Command(BaseCommand):
    help = "Send confirmed subscribers what was published since they confirmed."

    def handle(self, *args, **options):
        if not settings.PORTAL_BASE_URL:
            raise CommandError(
                "Set PORTAL_BASE_URL (e.g. https://medborgarloften.example.se): "
                "the messages link to the portal."
            )
        removed = services.purge_unconfirmed()
        services.discover()
        sent = services.send_pending()
        self.stdout.write(f"Removed {removed} unconfirmed address(es); sent {sent} message(s).")
