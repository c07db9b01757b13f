"""manage.py load_demo_data: the demo pledges as of today, with demo logins when DEBUG is on."""

from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from dialogue.demo import load_dialogue_demo
from followup.demo import load_follow_up_demo
from pledges.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_data


class Command(BaseCommand):
    help = (
        "Load the demo pledges of Vaggeryd and Vänersborg: the two seed pledges and a pledge in "
        "force today for each, with their follow-ups, lägesbilder, dialogue, police areas, places "
        "and contacts, plus demo logins when DEBUG is on. Safe to run again, on any day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users",
            action="store_true",
            help="Load only the content: no demo logins and no approval records.",
        )

    def handle(self, *args, no_users=False, **options):
        create_users = not no_users
        if create_users and not settings.DEBUG:
            raise CommandError(
                "Refusing to create demo users with DEBUG off: their password is public. "
                "Run with --no-users to load only the demo content."
            )
        # One day for every part, even when the load runs over midnight.
        today = timezone.localdate()
        created = Counter()
        with transaction.atomic():
            created.update(load_demo_data(create_users=create_users, today=today))
            created.update(load_follow_up_demo(create_users=create_users, today=today))
            created.update(load_dialogue_demo(today=today))
        summary = ", ".join(f"{count} {what}" for what, count in created.items()) or "nothing"
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded (new: {summary})."))
        if create_users:
            self.stdout.write(f"Demo logins, all with the password “{DEMO_PASSWORD}”:")
            for username, (_first, _last, label, _role, _organisation) in DEMO_USERS.items():
                self.stdout.write(f"  {username}: {label}")
