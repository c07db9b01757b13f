"""Builds follow-up reports for tests."""

from django.utils import timezone

from followup.models import ActivityUpdate, FollowUpReport


def make_report(pledge, year=2026, tertial=1, published=True, status=None, **fields):
    """A report with one update per activity, all set to `status` when given."""
    report = FollowUpReport.objects.create(
        pledge=pledge,
        year=year,
        tertial=tertial,
        summary=fields.pop("summary", f"Sammanfattning T{tertial} {year}."),
        status=FollowUpReport.Status.PUBLISHED if published else FollowUpReport.Status.DRAFT,
        published_at=timezone.now() if published else None,
        **fields,
    )
    report.add_missing_updates()
    if status:
        report.updates.update(status=status, narrative=f"Läget {status} under T{tertial}.")
    if published:
        report.freeze_content()  # as publish() does
    return report


def set_status(report, activity, status, **fields):
    ActivityUpdate.objects.filter(report=report, activity=activity).update(status=status, **fields)
