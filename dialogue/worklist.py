"""The start page's dialogue items: reports to moderate, surveys closing or closed without
excerpts of their free text, safety walks without published feedback, and activities and
surveys not yet published."""

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organisations.models import Municipality
from portal.worklist import Item, Urgency, When

from .models import Answer, DialogueActivity, Excerpt, PlaceReport, Question, Survey

# A survey closing within this many days is listed, with its answers so far.
SURVEY_CLOSING_DAYS = 14
# A survey closed within this many days whose free-text answers have no published excerpt yet
# asks for them: residents read the results with the excerpts.
SURVEY_EXCERPT_DAYS = 30
# A safety walk held longer ago than this no longer asks for its feedback: the list is about
# what to do now, and a walk from years back is history.
WALK_FEEDBACK_DAYS = 180


def dialogue_items(user, now=None):
    now = now or timezone.now()
    return [
        *place_report_items(user),
        *closing_survey_items(user, now),
        *free_text_items(user, now),
        *walk_feedback_items(user, now),
        *unpublished_items(user, now),
    ]


def _day(moment):
    return timezone.localtime(moment).date()


def _located(item, municipality):
    item.municipality_id, item.municipality_name = municipality.pk, municipality.name
    return item


def place_report_items(user):
    """One item per kommun with new reports: what residents wrote stays in the queue."""
    counts = list(
        PlaceReport.objects.editable_by(user)
        .filter(status=PlaceReport.Status.NEW)
        .values("municipality")
        .annotate(count=Count("pk"), oldest=Min("created_at"))
        .order_by()
    )
    if not counts:
        return []
    municipalities = Municipality.objects.in_bulk([row["municipality"] for row in counts])
    url = reverse("admin:dialogue_placereport_changelist")
    items = []
    for row in counts:
        municipality = municipalities[row["municipality"]]
        text = ngettext(
            "%(count)d new report of an unsafe place in %(municipality)s to moderate",
            "%(count)d new reports of unsafe places in %(municipality)s to moderate",
            row["count"],
        ) % {"count": row["count"], "municipality": municipality.full_name}
        query = urlencode({"municipality__id__exact": municipality.pk, "status__exact": "new"})
        item = Item(
            kind="place_reports",
            text=text,
            date=_day(row["oldest"]),
            date_label=When.OLDEST,
            url=f"{url}?{query}",
            urgency=Urgency.WAITING,
        )
        items.append(_located(item, municipality))
    return items


def closing_survey_items(user, now):
    surveys = (
        Survey.objects.editable_by(user)
        .open(now)
        .filter(closes_at__lte=now + datetime.timedelta(days=SURVEY_CLOSING_DAYS))
        .select_related("municipality")
        .annotate(answers=Count("responses"))
    )
    items = []
    for survey in surveys:
        closes = timezone.localtime(survey.closes_at)
        text = ngettext(
            "The survey %(title)s closes on %(date)s: %(count)d answer so far",
            "The survey %(title)s closes on %(date)s: %(count)d answers so far",
            survey.answers,
        ) % {"title": survey.title, "date": date_format(closes, "j F"), "count": survey.answers}
        item = Item(
            kind="survey",
            text=text,
            date=closes.date(),
            date_label=When.CLOSES,
            url=reverse("admin:dialogue_survey_change", args=[survey.pk]),
            urgency=Urgency.DUE,
        )
        items.append(_located(item, survey.municipality))
    return items


def free_text_items(user, now):
    """Surveys closed lately with free-text answers but no published excerpt of them."""
    free_text = (
        Answer.objects.filter(survey=OuterRef("pk"), question__kind=Question.Kind.TEXT)
        .exclude(text="")
        .order_by()
        .values("survey")
        .annotate(count=Count("pk"))
        .values("count")
    )
    excerpts = Excerpt.objects.filter(question__survey=OuterRef("pk"), is_published=True)
    surveys = (
        Survey.objects.editable_by(user)
        .published()
        .filter(closes_at__lte=now)
        .filter(closes_at__gte=now - datetime.timedelta(days=SURVEY_EXCERPT_DAYS))
        .alias(has_excerpts=Exists(excerpts))
        .annotate(free_text=Subquery(free_text))
        .filter(has_excerpts=False, free_text__gt=0)
        .select_related("municipality")
    )
    items = []
    for survey in surveys:
        text = ngettext(
            "The survey %(title)s has closed: choose excerpts from its %(count)d free-text answer",
            "The survey %(title)s has closed: choose excerpts from its %(count)d free-text answers",
            survey.free_text,
        ) % {"title": survey.title, "count": survey.free_text}
        item = Item(
            kind="survey",
            text=text,
            date=_day(survey.closes_at),
            date_label=When.CLOSED,
            url=reverse("admin:dialogue_survey_free_text", args=[survey.pk]),
            urgency=Urgency.WAITING,
        )
        items.append(_located(item, survey.municipality))
    return items


def walk_feedback_items(user, now):
    """Safety walks that have taken place whose account of what came up residents cannot read:
    not written, or the walk not published."""
    walks = (
        DialogueActivity.objects.editable_by(user)
        .filter(kind=DialogueActivity.Kind.SAFETY_WALK)
        .filter(Q(ends_at__lt=now) | Q(ends_at__isnull=True, starts_at__lt=now))
        .filter(starts_at__gte=now - datetime.timedelta(days=WALK_FEEDBACK_DAYS))
        .filter(Q(summary="") | Q(is_published=False))
        .select_related("municipality")
    )
    items = []
    for walk in walks:
        if not walk.summary.strip():
            detail = _("What came up is not written yet.")
        else:
            detail = _("Written, but the safety walk is not published.")
        item = Item(
            kind="walk",
            text=_("Publish the feedback from the safety walk %(title)s") % {"title": walk.title},
            date=_day(walk.starts_at),
            date_label=When.HELD,
            url=reverse("admin:dialogue_dialogueactivity_change", args=[walk.pk]),
            urgency=Urgency.WAITING,
            detail=detail,
        )
        items.append(_located(item, walk.municipality))
    return items


def unpublished_items(user, now):
    """Coming dialogue activities and surveys still open or to come that are not published:
    drafts, unless staff keep them off the site on purpose (staff dialogue never shows)."""
    activities = (
        DialogueActivity.objects.editable_by(user)
        .filter(is_published=False, starts_at__gte=now)
        .exclude(kind=DialogueActivity.Kind.STAFF_DIALOGUE)
        .select_related("municipality")
    )
    surveys = (
        Survey.objects.editable_by(user)
        .filter(is_published=False, closes_at__gt=now)
        .select_related("municipality")
    )
    items = []
    for activity in activities:
        item = Item(
            kind="activity_draft",
            text=_("Not published yet: %(title)s (%(kind)s)")
            % {"title": activity.title, "kind": activity.get_kind_display().lower()},
            date=_day(activity.starts_at),
            date_label=When.STARTS,
            url=reverse("admin:dialogue_dialogueactivity_change", args=[activity.pk]),
            urgency=Urgency.DRAFT,
        )
        items.append(_located(item, activity.municipality))
    for survey in surveys:
        item = Item(
            kind="survey_draft",
            text=_("Not published yet: the survey %(title)s") % {"title": survey.title},
            date=_day(survey.opens_at),
            date_label=When.OPENS if survey.opens_at > now else When.OPENED,
            url=reverse("admin:dialogue_survey_change", args=[survey.pk]),
            urgency=Urgency.DRAFT,
        )
        items.append(_located(item, survey.municipality))
    return items
