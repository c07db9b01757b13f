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


def inline_data(report, **per_update):
    """POST data of the change form with every update row as it is, plus changes."""
    updates = list(report.updates.order_by("activity__order", "activity__id", "id"))
    data = {
        # The form as loaded now: made from the revision saved now.
        "base_revision": str(FollowUpReport.objects.get(pk=report.pk).revision),
        "summary": report.summary,
        "updates-TOTAL_FORMS": str(len(updates)),
        "updates-INITIAL_FORMS": str(len(updates)),
        "values-TOTAL_FORMS": "0",
        "values-INITIAL_FORMS": "0",
    }
    for number, update in enumerate(updates):
        prefix = f"updates-{number}-"
        data.update(
            {
                prefix + "id": str(update.pk),
                prefix + "report": str(report.pk),
                prefix + "status": update.status,
                prefix + "achieved": "" if update.achieved is None else str(update.achieved),
                prefix + "narrative": update.narrative,
                prefix + "evidence_url": update.evidence_url,
            }
        )
    for key, value in per_update.items():
        data[key] = value
    return data
