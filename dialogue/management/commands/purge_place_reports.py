"""manage.py purge_place_reports: remove what residents wrote once the retention period is over."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from dialogue.models import PlaceReport


class Command(BaseCommand):
    help = (
        "Remove free text and contact details from reports of unsafe places older than "
        "DIALOGUE_RETENTION_DAYS. Category, place, time of day, dates and status stay, so the "
        "anonymous counts do not change. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only tell how many reports would be purged; change nothing.",
        )
        parser.add_argument(
            "--days",
            type=int,
            help="Purge reports older than this many days instead of DIALOGUE_RETENTION_DAYS.",
        )

    def handle(self, *args, dry_run=False, days=None, **options):
        retention = settings.DIALOGUE_RETENTION_DAYS
        if days is None:
            days = retention
        if days < 0:
            raise CommandError("--days must be zero or more.")
        now = timezone.now()
        # due_for_purge() measures from the configured retention; shifting "now" by the
        # difference applies the --days limit with the same rule.
        reports = PlaceReport.objects.due_for_purge(
            now=now + datetime.timedelta(days=retention - days)
        )
        if dry_run:
            count = reports.count()
            self.stdout.write(
                f"Would purge {count} report(s) older than {days} days (dry run: nothing changed)."
            )
            return
        count = 0
        with transaction.atomic():
            for report in reports.iterator():
                report.purge(now=now)
                count += 1
        self.stdout.write(self.style.SUCCESS(f"Purged {count} report(s) older than {days} days."))
