"""sitemap.xml: every public page in Swedish and English; never drafts, previews or unpublished.

Each section fetches its items in one query (with the related rows it needs for the address), so
the sitemap's query count does not grow with the number of pledges, reports or kommuner.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from dialogue.models import DialogueActivity, SituationPicture, Survey
from followup.models import FollowUpReport
from organisations.models import Municipality
from pledges.models import Pledge, PledgeVersion


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        if settings.PORTAL_BASE_URL:
            return urlsplit(settings.PORTAL_BASE_URL).scheme
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.PORTAL_BASE_URL:
            return urlsplit(settings.PORTAL_BASE_URL).netloc
        return super().get_domain(site)


class StaticPagesSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "organisations:municipality_list",
            "pledges:pledge_list",
            "overview",
            "dialogue:index",
            "accessibility",
            "privacy",
        ]

    def location(self, name):
        return reverse(name)


class MunicipalitySitemap(PortalSitemap):
    def items(self):
        return list(Municipality.objects.order_by("slug").only("slug"))


class DialogueMunicipalitySitemap(PortalSitemap):
    def items(self):
        return list(Municipality.objects.order_by("slug").only("slug"))

    def location(self, municipality):
        return reverse("dialogue:municipality", args=[municipality.slug])


class PledgeSitemap(PortalSitemap):
    def items(self):
        return list(Pledge.objects.published().order_by("slug").only("slug", "published_at"))

    def lastmod(self, pledge):
        return pledge.published_at


class PledgeVersionSitemap(PortalSitemap):
    def items(self):
        return list(
            PledgeVersion.objects.published()
            .select_related("pledge")
            .only("number", "published_at", "pledge__slug")
            .order_by("pledge__slug", "number")
        )

    def location(self, version):
        return reverse("pledges:pledge_version", args=[version.pledge.slug, version.number])

    def lastmod(self, version):
        return version.published_at


class ReportSitemap(PortalSitemap):
    def items(self):
        return list(
            FollowUpReport.objects.published()
            .select_related("pledge")
            .order_by("pledge__slug", "id")
        )

    def lastmod(self, report):
        return report.published_at


class SurveySitemap(PortalSitemap):
    def items(self):
        return list(Survey.objects.published().select_related("municipality").order_by("id"))


class ActivitySitemap(PortalSitemap):
    def items(self):
        return list(DialogueActivity.objects.public().select_related("municipality").order_by("id"))


class SituationPictureSitemap(PortalSitemap):
    def items(self):
        return list(
            SituationPicture.objects.published().select_related("municipality").order_by("id")
        )


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "municipalities": MunicipalitySitemap,
    "dialogue": DialogueMunicipalitySitemap,
    "pledges": PledgeSitemap,
    "versions": PledgeVersionSitemap,
    "reports": ReportSitemap,
    "surveys": SurveySitemap,
    "activities": ActivitySitemap,
    "situation": SituationPictureSitemap,
}
