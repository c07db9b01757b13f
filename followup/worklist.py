"""The start page's follow-up items: tertial reports due or late, and draft reports."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pledges.models import Pledge
from portal.worklist import Item, Urgency, When, in_first_municipality, pledge_municipalities

from .models import FollowUpReport
from .services import due_follow_ups


def follow_up_items(user, now=None):
    today = timezone.localdate(now or timezone.now())
    due_rows = due_follow_ups(user, today)
    # As with due follow-ups: past its grace period a pledge's missing reports are no longer
    # expected, and a draft of one left unpublished is history, not work.
    expected_until = (today - datetime.timedelta(days=settings.FOLLOWUP_GRACE_DAYS)).isoformat()
    pledges = Pledge.objects.with_public_period().filter(
        Q(public_end__gte=expected_until)
        | Q(published_version__isnull=True, end_date__gte=expected_until)
    )
    drafts = list(
        FollowUpReport.objects.editable_by(user)
        .filter(status=FollowUpReport.Status.DRAFT, pledge__in=pledges)
        .exclude(pk__in=[draft.pk for *_row, draft in due_rows if draft is not None])
        .select_related("pledge__published_version")
    )
    municipalities = pledge_municipalities(
        {pledge.pk for pledge, *_row in due_rows} | {draft.pledge_id for draft in drafts}
    )
    items = [in_first_municipality(_due(*row), municipalities.get(row[0].pk)) for row in due_rows]
    items += [
        in_first_municipality(_draft(report), municipalities.get(report.pledge_id))
        for report in drafts
    ]
    return items


def _title(pledge):
    """The title residents know; a pledge never published has only its working copy's."""
    return pledge.public.title if pledge.published_version_id else pledge.title


def _due(pledge, tertial, due, is_overdue, draft):
    values = {"tertial": tertial, "pledge": _title(pledge), "date": date_format(due, "j F")}
    if is_overdue:
        text = _("%(tertial)s for %(pledge)s: overdue since %(date)s") % values
    else:
        text = _("%(tertial)s for %(pledge)s: to be published by %(date)s") % values
    if draft is not None:
        url = reverse("admin:followup_followupreport_change", args=[draft.pk])
        detail = _("A draft is started.")
    else:
        query = urlencode({"pledge": pledge.pk, "year": tertial.year, "tertial": tertial.number})
        url = f"{reverse('admin:followup_followupreport_add')}?{query}"
        detail = _("Not started yet.")
    return Item(
        kind="follow_up",
        text=text,
        date=due,
        date_label=When.DUE_BY,
        url=url,
        urgency=Urgency.OVERDUE if is_overdue else Urgency.DUE,
        detail=detail,
    )


def _draft(report):
    return Item(
        kind="report_draft",
        text=_("Continue the draft follow-up %(tertial)s for %(pledge)s")
        % {"tertial": report.period, "pledge": _title(report.pledge)},
        date=timezone.localtime(report.updated_at).date(),
        date_label=When.CHANGED,
        url=reverse("admin:followup_followupreport_change", args=[report.pk]),
        urgency=Urgency.DRAFT,
    )
