"""The page of one medborgarlöfte: its version, with the follow-up, the lägesbild and contacts.

It combines pledges, followup, dialogue and organisations, so it lives here in the site layer,
above them: the apps it combines never import one another for it. Its addresses and URL names
stay the pledges app's ("pledges:pledge_detail"), see portal.urls.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogue.figures import situation_figures
from dialogue.models import SituationPicture
from followup.progress import attach_follow_up, pledge_follow_up
from organisations.models import ContactPerson
from pledges.models import Activity, Pledge, PledgeVersion
from pledges.versions import Content, changes_between


def _pledge(request, slug, queryset=None):
    published = Pledge.objects.published()
    if queryset is None:
        queryset = Pledge.objects.viewable_by(request.user)
    queryset = queryset.select_related(
        "police_area",
        "published_version",
        "previous__published_version",
        "page_owner__municipality",
        "page_owner__police_area",
        "situation_picture__municipality",
    )
    return get_object_or_404(
        queryset.prefetch_related(
            "municipalities",
            Prefetch(
                "next_pledges",
                queryset=published.select_related("published_version"),
                to_attr="published_next",
            ),
            "indicators",
        ),
        slug=slug,
    )


def pledge_detail(request, slug):
    """The version residents see; a draft that was never published is previewed to its staff."""
    pledge = _pledge(request, slug)
    if pledge.published_version is not None:
        return _render(request, pledge, pledge.published_version.content, pledge.published_version)
    return _render(request, pledge, pledge.snapshot(), None)


def pledge_version(request, slug, number):
    """An earlier (or the current) published version, at a stable address."""
    pledge = _pledge(request, slug, Pledge.objects.published())
    version = get_object_or_404(
        PledgeVersion.objects.filter(pledge=pledge, published_at__isnull=False), number=number
    )
    return _render(request, pledge, version.content, version)


def pledge_working_copy(request, slug):
    """For the staff who edit it: the pledge as it would look if its changes were approved."""
    pledge = _pledge(request, slug, Pledge.objects.editable_by(request.user))
    if not request.user.is_staff:
        raise Http404
    return _render(request, pledge, pledge.snapshot(), None, working_copy=True)


@dataclass
class PledgeTime:
    """Where a pledge stands in time, so that an ended one never reads as if still in force."""

    state: str  # "ended", "current" or "coming"
    start: datetime.date
    end: datetime.date

    @classmethod
    def of(cls, content, today):
        if content.end_date < today:
            state = "ended"
        elif content.start_date > today:
            state = "coming"
        else:
            state = "current"
        return cls(state, content.start_date, content.end_date)

    @property
    def ended(self):
        return self.state == "ended"

    @property
    def coming(self):
        return self.state == "coming"

    @property
    def calendar_year(self):
        """The year, when the pledge ran exactly one calendar year (1 January to 31 December)."""
        year = self.start.year
        if (self.start, self.end) == (datetime.date(year, 1, 1), datetime.date(year, 12, 31)):
            return year
        return None


def situation_picture(pledge, content):
    """The published lägesbild the shown version rests on, or None. The working copy's, which
    the pledge's own query brought along, unless the version names another."""
    if not content.situation_picture:
        return None
    if pledge.situation_picture_id == content.situation_picture:
        picture = pledge.situation_picture
        return picture if picture.is_published else None
    return (
        SituationPicture.objects.published()
        .select_related("municipality")
        .filter(pk=content.situation_picture)
        .first()
    )


def _render(request, pledge, data, version, working_copy=False):
    content = Content.of(data)
    attach_follow_up(content.activities)
    previous = pledge.previous if pledge.previous and pledge.previous.is_published else None
    picture = situation_picture(pledge, content)
    versions = list(
        pledge.versions.filter(published_at__isnull=False).order_by("number")
        if pledge.is_published
        else []
    )
    history = [
        (later, changes_between(earlier.content, later.content))
        for earlier, later in zip(versions, versions[1:], strict=False)
    ]
    live = pledge.published_version if pledge.is_published else None
    contacts = list(
        ContactPerson.objects.filter(
            Q(municipality__in=[m.pk for m in pledge.municipalities.all()])
            | Q(police_area=pledge.police_area_id)
        ).select_related("municipality", "police_area")
    )
    return render(
        request,
        "pledges/pledge_detail.html",
        {
            "pledge": pledge,
            "content": content,
            "version": version,
            "is_live_version": version is not None and live is not None and version.pk == live.pk,
            "live_version": live,
            "working_copy": working_copy,
            "activity_groups": group_by_responsible(content.activities),
            "previous": previous,
            "follow_up": pledge_follow_up(pledge, content.activities),
            "situation_picture": picture,
            "situation_figures": situation_figures(picture) if picture else None,
            "version_history": list(reversed(history)),
            "versions": versions,
            "contacts": contacts,
            "question_contact": _question_contact(pledge, contacts),
            "time": PledgeTime.of(content, timezone.localdate()),
            "page_url": request.build_absolute_uri(request.path),
        },
    )


def _question_contact(pledge, contacts):
    """Whom a resident's question goes to: the page owner, else the first contact with e-mail."""
    for contact in [pledge.page_owner, *contacts]:
        if contact is not None and contact.email:
            return contact
    return None


GROUP_HEADINGS = {
    Activity.Responsible.POLICE: _("The police promise"),
    Activity.Responsible.MUNICIPALITY: _("The municipality promises"),
    Activity.Responsible.TOGETHER: _("The police and the municipality promise together"),
}


def group_by_responsible(activities):
    """Activities in the order residents read them: police, kommun, then both together."""
    groups = {choice: [] for choice in Activity.Responsible}
    for activity in activities:
        groups[activity.responsible].append(activity)
    return [
        (choice.value, GROUP_HEADINGS[choice], groups[choice])
        for choice in Activity.Responsible
        if groups[choice]
    ]
