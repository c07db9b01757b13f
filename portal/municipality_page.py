"""The kommun pages: all 290 with which have a pledge, and one kommun with its pledges, police
areas, neighbours with pledges, and contacts.

They combine organisations and pledges (and link the follow-up feeds), so they live here in the
site layer; their addresses and URL names stay the organisations app's, see portal.urls.
"""

from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q, Subquery, Value
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from organisations.models import ContactPerson, Municipality, PoliceArea
from pledges.models import Pledge, PledgeMunicipality


def municipality_list(request):
    # Whether a kommun has a published pledge, looked up kommun by kommun through the indexes
    # (LIMIT 1 on its links, each pledge by its key): an EXISTS here is planned as a hash of every
    # published pledge, a scan of the whole pledge table, which at national scale made the page
    # 1.3 times slower than with the demo data. Only the columns the page shows are read.
    pledge_link = PledgeMunicipality.objects.filter(
        municipality=OuterRef("pk"), pledge__status=Pledge.Status.PUBLISHED
    )
    has_pledge = Subquery(
        pledge_link.annotate(yes=Value(True)).values("yes")[:1], output_field=BooleanField()
    )
    municipalities = (
        Municipality.objects.select_related("county")
        .only("name", "slug", "county__code", "county__name")
        .annotate(has_pledge=has_pledge)
        .order_by("county__code", "name")
    )
    return render(
        request, "organisations/municipality_list.html", {"municipalities": municipalities}
    )


def municipality_detail(request, slug):
    municipality = get_object_or_404(Municipality.objects.select_related("county"), slug=slug)
    today = timezone.localdate()
    pledges = list(
        Pledge.objects.published()
        .filter(municipalities=municipality)
        .select_related("police_area", "published_version")
        .prefetch_related("municipalities")
        .order_by("-start_date", "title")
    )
    # The period residents see is the published version's, not a change waiting for approval.
    current = [p for p in pledges if p.public.start_date <= today <= p.public.end_date]
    upcoming = [p for p in pledges if p.public.start_date > today]
    earlier = [p for p in pledges if p.public.end_date < today]
    has_pledge = Exists(Pledge.objects.published().filter(municipalities=OuterRef("pk")))
    police_areas = list(
        PoliceArea.objects.filter(municipalities=municipality)
        .select_related("police_region")
        .prefetch_related(
            Prefetch(
                "municipalities",
                queryset=Municipality.objects.exclude(pk=municipality.pk).annotate(
                    has_pledge=has_pledge
                ),
                to_attr="neighbours",
            )
        )
    )
    # Without a pledge or anyone on the portal for the kommun, nobody would read residents'
    # reports: the page does not invite them.
    invite_reports = bool(pledges) or municipality.takes_reports()
    pledges_nearby = (
        list(
            Pledge.objects.published()
            .current()
            .filter(municipalities__police_areas__in=[a.pk for a in police_areas])
            .exclude(municipalities=municipality)
            .select_related("police_area", "published_version")
            .prefetch_related("municipalities")
            .distinct()
            .order_by("title")
        )
        if police_areas and not current
        else []
    )
    contacts = ContactPerson.objects.filter(
        Q(municipality=municipality) | Q(police_area__in=[a.pk for a in police_areas])
    ).select_related("municipality", "police_area")
    return render(
        request,
        "organisations/municipality_detail.html",
        {
            "municipality": municipality,
            "current_pledges": current,
            "upcoming_pledges": upcoming,
            "earlier_pledges": earlier,
            "police_areas": police_areas,
            "contacts": contacts,
            "pledges_nearby": pledges_nearby,
            "invite_reports": invite_reports,
        },
    )
