"""Follow-up workflows that span several models: due reports and carrying activities over."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Least, Substr
from django.utils.translation import gettext as _

from pledges.models import Activity, FocusArea, Pledge
from portal.tertials import Tertial

from .models import ActivityUpdate, FollowUpReport
from .progress import periods_of, schedule


def due_follow_ups(user, today=None):
    """Tertials of the user's published pledges that have ended without a published report.

    Rows of (pledge, tertial, due date, is overdue, draft report or None), oldest first.
    """
    today = today or datetime.date.today()
    pledges = (
        Pledge.objects.editable_by(user)
        .published()
        .with_public_period()
        .filter(public_start__lte=today.isoformat())
        # Past its grace period a pledge's missing follow-ups are no longer expected.
        .filter(
            public_end__gte=(
                today - datetime.timedelta(days=settings.FOLLOWUP_GRACE_DAYS)
            ).isoformat()
        )
    )
    pledges = list(
        missing_follow_up(pledges, today)
        .select_related("published_version")
        .prefetch_related("follow_up_reports")
        .order_by("end_date", "title")
    )
    rows = []
    for pledge in pledges:
        reports = list(pledge.follow_up_reports.all())
        published = [r for r in reports if r.is_published]
        drafts = {r.period: r for r in reports if not r.is_published}
        plan = schedule(pledge, periods_of(published), today)
        for tertial, due in plan.overdue:
            rows.append((pledge, tertial, due, True, drafts.get(tertial)))
        for tertial, due in plan.due:
            rows.append((pledge, tertial, due, False, drafts.get(tertial)))
    return sorted(rows, key=lambda row: (row[2], row[0].title))


def _tertial_index(iso_date):
    """year × 3 + (tertial − 1) of an ISO date text, in SQL: one more for each next tertial."""
    year = Cast(Substr(iso_date, 1, 4), IntegerField())
    month = Cast(Substr(iso_date, 6, 2), IntegerField())
    return ExpressionWrapper(year * 3 + (month - 1) / 4, output_field=IntegerField())


def missing_follow_up(pledges, today):
    """The pledges (with_public_period) with an ended tertial of their
    public period that has no published report: the only pledges schedule() finds rows in, so
    that the others are neither fetched nor scheduled. It counts the ended tertials of the
    period and the published reports in them (one report per tertial at most)."""
    ended_until = Tertial.containing(today).previous()
    last = Least(_tertial_index("public_end"), Value(ended_until.year * 3 + ended_until.number - 1))
    published = (
        FollowUpReport.objects.filter(pledge=OuterRef("pk"), status=FollowUpReport.Status.PUBLISHED)
        .alias(index=ExpressionWrapper(F("year") * 3 + F("tertial") - 1, IntegerField()))
        .filter(index__gte=OuterRef("first_tertial"), index__lte=OuterRef("last_ended"))
        .order_by()
        .values("pledge")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return pledges.alias(
        first_tertial=_tertial_index("public_start"),
        last_ended=last,
        published_count=Coalesce(Subquery(published), 0),
    ).filter(
        last_ended__gte=F("first_tertial"),
        published_count__lt=F("last_ended") - F("first_tertial") + 1,
    )


# Everything else (not reported, under way, delayed, partly done, not done) is unfinished.
FINISHED = {ActivityUpdate.Status.DONE, ActivityUpdate.Status.CARRIED_OVER}


def unfinished_activities(pledge):
    """Activities not reported done in the latest published follow-up, nor carried over yet."""
    latest = dict(
        ActivityUpdate.objects.frozen()
        .filter(report__pledge=pledge)
        .latest_of_each_activity()
        .values_list("activity_id", "status")
    )
    return [
        activity
        for activity in pledge.activities.filter(carried_over_to__isnull=True)
        if latest.get(activity.pk, ActivityUpdate.Status.NOT_REPORTED) not in FINISHED
    ]


@transaction.atomic
def carry_over_unfinished(pledge, user):
    """Copy a pledge's unfinished activities into its next pledge, each linked back.

    The next pledge is the one that names this pledge as its previous pledge. The old
    activities then show "Överförd" on the public page.
    """
    if not Pledge.objects.editable_by(user).filter(pk=pledge.pk).exists():
        raise PermissionDenied(_("You may not change this pledge."))
    candidates = list(Pledge.objects.editable_by(user).filter(previous=pledge))
    if len(candidates) != 1:
        raise ValidationError(
            _(
                "Create the next pledge first and choose %(pledge)s as its previous pledge; "
                "the activities are carried over to it."
            )
            % {"pledge": pledge}
        )
    target = candidates[0]
    carried = continue_activities(unfinished_activities(pledge), target)
    # The activities join the next pledge's working copy: a published one shows them only
    # once both sides approve its new version.
    target.record_edit(user)
    return target, carried


def continue_activities(activities, target):
    """Copy activities into another pledge, each linked back (carried_over_from), with their
    places, focus areas and English texts; a focus area the target lacks is made there under
    the same name."""
    focus_areas = {area.name: area for area in target.focus_areas.all()}
    last = target.activities.order_by("-order").values_list("order", flat=True).first() or 0
    copies = []
    for order, activity in enumerate(activities, start=last + 1):
        copy = Activity.objects.create(
            pledge=target,
            description=activity.description,
            description_en=activity.description_en,
            responsible=activity.responsible,
            target_count=activity.target_count,
            target_unit=activity.target_unit,
            carried_over_from=activity,
            order=order,
        )
        copy.places.set(activity.places.all())
        for area in activity.focus_areas.all():
            if area.name not in focus_areas:
                focus_areas[area.name] = FocusArea.objects.create(
                    pledge=target, name=area.name, name_en=area.name_en, kind=area.kind,
                    place=area.place, description=area.description,
                    description_en=area.description_en, order=len(focus_areas),
                )  # fmt: skip
            copy.focus_areas.add(focus_areas[area.name])
        copies.append(copy)
    return copies
