"""Public page of one medborgarlöfte, also a preview of drafts for the staff who edit them."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from dialogue.figures import situation_figures
from followup.progress import (
    current_status,
    current_update,
    pledge_follow_up,
    published_updates_prefetch,
)

from .models import Activity, FocusArea, Pledge


def pledge_detail(request, slug):
    published = Pledge.objects.published()
    activities = Activity.objects.select_related("carried_over_from__pledge").prefetch_related(
        "focus_areas",
        "places",
        Prefetch(
            "carried_over_to",
            queryset=Activity.objects.select_related("pledge"),
            to_attr="all_continuations",
        ),
        published_updates_prefetch(),
    )
    pledge = get_object_or_404(
        Pledge.objects.viewable_by(request.user)
        .select_related("police_area", "page_owner__municipality", "page_owner__police_area")
        .select_related("previous", "situation_picture__municipality")
        .prefetch_related(
            "municipalities",
            Prefetch("focus_areas", queryset=FocusArea.objects.select_related("place")),
            "signatories",
            Prefetch("activities", queryset=activities),
            Prefetch("next_pledges", queryset=published, to_attr="published_next"),
            "indicators",
        ),
        slug=slug,
    )
    for activity in pledge.activities.all():
        activity.status = current_status(activity)
        activity.latest_update = current_update(activity)
        activity.published_continuations = [
            next_activity
            for next_activity in activity.all_continuations
            if next_activity.pledge.is_published
        ]
    previous = pledge.previous if pledge.previous and pledge.previous.is_published else None
    picture = pledge.situation_picture
    if picture is not None and not picture.is_published:
        picture = None
    return render(
        request,
        "pledges/pledge_detail.html",
        {
            "pledge": pledge,
            "activity_groups": group_by_responsible(pledge.activities.all()),
            "previous": previous,
            "follow_up": pledge_follow_up(pledge, pledge.activities.all()),
            "situation_picture": picture,
            "situation_figures": situation_figures(picture) if picture else None,
        },
    )


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
