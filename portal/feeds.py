"""Atom feeds of published follow-ups: for all kommuner, for one kommun and for one pledge."""

from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.views.decorators.http import conditional_page

from followup.models import Correction, FollowUpReport
from organisations.models import Municipality
from pledges.models import Pledge

FEED_LENGTH = 50
# What an entry shows: the report's text and period, the pledge's address and published title.
FEED_FIELDS = [
    "pledge",
    "year",
    "tertial",
    "summary",
    "published_at",
    "pledge__slug",
    "pledge__status",
    "pledge__published_version",
    "pledge__published_version__content",
]


class ReportsFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        """A feed reader asks again and again: one whose copy is current gets 304 Not Modified
        (ETag from the bytes, Last-Modified from the newest report or correction)."""
        return conditional_page(super().__call__)(request, *args, **kwargs)

    def title(self, obj=None):
        return _("Follow-ups of citizen pledges")

    def subtitle(self, obj=None):
        return _("Every published tertial follow-up of the municipalities' and police's pledges.")

    def link(self, obj=None):
        return reverse("home")

    def reports(self):
        """Published reports, newest first, each with when it last changed (its newest
        correction, else its publication).

        Sliced to FEED_LENGTH, the query reads the partial index followup_report_newest from its
        newest end and stops there, with one lookup per entry for its corrections: it does not
        grow with the country (grouping every report by its corrections did, see
        benchmarks/README.md, "National feed")."""
        newest_correction = (
            Correction.objects.filter(report=OuterRef("pk")).order_by("-made_at").values("made_at")
        )
        return (
            FollowUpReport.objects.published()
            .select_related("pledge__published_version")
            .only(*FEED_FIELDS)
            .annotate(last_changed=Coalesce(Subquery(newest_correction[:1]), "published_at"))
            .order_by("-published_at", "-id")
        )

    def items(self, obj=None):
        return self.reports()[:FEED_LENGTH]

    def item_title(self, report):
        return _("%(pledge)s: follow-up %(tertial)s") % {
            "pledge": report.pledge.public.title,
            "tertial": report.period,
        }

    def item_description(self, report):
        # Atom sends the description as type="html"; the summary is plain text typed by staff,
        # so escape it here or a reader runs whatever markup it holds.
        return linebreaks(report.summary, autoescape=True)

    def item_link(self, report):
        return report.get_absolute_url()

    def item_pubdate(self, report):
        return report.published_at

    def item_updateddate(self, report):
        return report.last_changed


class MunicipalityReportsFeed(ReportsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Municipality, slug=slug)

    def title(self, municipality):
        return _("Follow-ups of citizen pledges in %(name)s") % {"name": municipality.name}

    def subtitle(self, municipality):
        return _("Every published tertial follow-up of %(name)s's pledges.") % {
            "name": municipality.name
        }

    def link(self, municipality):
        return municipality.get_absolute_url()

    def items(self, municipality):
        return self.reports().filter(pledge__municipalities=municipality)[:FEED_LENGTH]


class PledgeReportsFeed(ReportsFeed):
    """The published follow-ups of one published pledge; 404 for unknown or unpublished pledges."""

    def get_object(self, request, slug):
        return get_object_or_404(
            Pledge.objects.published().select_related("published_version"), slug=slug
        )

    def title(self, pledge):
        return _("Follow-ups of %(pledge)s") % {"pledge": pledge.public.title}

    def subtitle(self, pledge):
        return _("Every published tertial follow-up of the citizen pledge %(pledge)s.") % {
            "pledge": pledge.public.title
        }

    def link(self, pledge):
        return pledge.get_absolute_url()

    def items(self, pledge):
        return self.reports().filter(pledge=pledge)[:FEED_LENGTH]
