"""manage.py load_demo_data: the seed pledges as demo content, with demo logins when DEBUG is on."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dialogue.demo import load_dialogue_demo
from followup.demo import load_follow_up_demo
from pledges.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_data


class Command(BaseCommand):
    help = (
        "Load the demo pledges of Vaggeryd and Vänersborg with their police areas, places and "
        "contacts, plus demo logins when DEBUG is on. Safe to run again."
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
        created = load_demo_data(create_users=create_users)
        created.update(load_follow_up_demo(create_users=create_users))
        created.update(load_dialogue_demo())
        summary = ", ".join(f"{count} {what}" for what, count in created.items()) or "nothing"
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded (new: {summary})."))
        if create_users:
            self.stdout.write(f"Demo logins, all with the password “{DEMO_PASSWORD}”:")
            for username, (_first, _last, label, _role, _organisation) in DEMO_USERS.items():
                self.stdout.write(f"  {username}: {label}")
