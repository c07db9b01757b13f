"""The sitemap: an index at /sitemap.xml of paginated sections at /sitemap-<section>.xml?p=<n>,
listing every public page in Swedish and English; never drafts, previews or unpublished.

A section page holds at most PAGE_SIZE addresses (an item once per language), well under the
protocol's 50 000 addresses and 50 MB: the items of a range of primary keys (KeyRangePaginator),
each section selecting only the columns its addresses need. So a page costs two queries whatever
the data (the last key, then the page's rows), and the index one query per section, none of
which reads a whole table.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.urls import reverse
from django.utils.functional import cached_property

from dialogue.models import DialogueActivity, SituationPicture, Survey
from followup.models import FollowUpReport
from organisations.models import Municipality
from pledges.models import Pledge, PledgeVersion

# Addresses per section page at most: a page holds the items of 1 000 consecutive primary keys,
# each in two languages.
PAGE_SIZE = 2000


class KeyRangePage:
    def __init__(self, object_list):
        self.object_list = object_list


class KeyRangePaginator:
    """A section's pages by primary key: page n holds the items whose key is in
    ((n - 1) * span, n * span], as (item, language) pairs the way Sitemap._items() makes them
    for i18n. The number of pages is the highest key's page, one query through the primary key's
    index, so neither the index nor a page counts the section's rows (a COUNT reads them all), and
    an item stays on its page as others are added. A page emptied by unpublishing stays, empty."""

    def __init__(self, queryset, languages, per_page):
        self.queryset = queryset
        self.languages = list(languages)
        self.span = max(1, per_page // len(self.languages))

    @cached_property
    def num_pages(self):
        last = self.queryset.order_by("-pk").values_list("pk", flat=True).first()
        return 1 if last is None else -(-last // self.span)

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(number) from error
        if number < 1 or number > self.num_pages:
            raise EmptyPage(number)
        items = self.queryset.filter(
            pk__gt=(number - 1) * self.span, pk__lte=number * self.span
        ).order_by("pk")
        return KeyRangePage([(item, code) for item in items for code in self.languages])


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = PAGE_SIZE

    @property
    def paginator(self):
        items = self.items()
        if isinstance(items, list):
            return super().paginator
        return KeyRangePaginator(items, self._languages(), self.limit)

    def _location(self, item, force_lang_code=None):
        # Django asks for each item's address in each language once for the item's own <url>
        # and again for every alternate of every language: 8 reverses an item in two languages.
        # Kept for the page (a sitemap is made anew for each request), it is 2.
        if not self.i18n:
            return super()._location(item, force_lang_code)
        key = (id(item[0]), force_lang_code or item[1])
        known = self.__dict__.setdefault("_locations", {})
        if key not in known:
            known[key] = super()._location(item, force_lang_code)
        return known[key]

    def get_latest_lastmod(self):
        # Django's reads every item of the section for the index's lastmod, which is optional:
        # the index leaves it out, the sections' addresses carry theirs.
        return None

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
        return Municipality.objects.order_by("slug").only("slug")


class DialogueMunicipalitySitemap(PortalSitemap):
    def items(self):
        return Municipality.objects.order_by("slug").only("slug")

    def location(self, municipality):
        return reverse("dialogue:municipality", args=[municipality.slug])


class PledgeSitemap(PortalSitemap):
    def items(self):
        return Pledge.objects.published().order_by("pk").only("slug", "published_at")

    def lastmod(self, pledge):
        return pledge.published_at


class PledgeVersionSitemap(PortalSitemap):
    def items(self):
        return (
            PledgeVersion.objects.published()
            .select_related("pledge")
            .only("number", "published_at", "pledge__slug")
            .order_by("pk")
        )

    def location(self, version):
        return reverse("pledges:pledge_version", args=[version.pledge.slug, version.number])

    def lastmod(self, version):
        return version.published_at


class ReportSitemap(PortalSitemap):
    def items(self):
        return (
            FollowUpReport.objects.published()
            .select_related("pledge")
            .only("year", "tertial", "published_at", "pledge__slug")
            .order_by("pk")
        )

    def lastmod(self, report):
        return report.published_at


class SurveySitemap(PortalSitemap):
    def items(self):
        return (
            Survey.objects.published()
            .select_related("municipality")
            .only("slug", "municipality__slug")
            .order_by("pk")
        )


class ActivitySitemap(PortalSitemap):
    def items(self):
        return (
            DialogueActivity.objects.public()
            .select_related("municipality")
            .only("municipality__slug")
            .order_by("pk")
        )


class SituationPictureSitemap(PortalSitemap):
    def items(self):
        return (
            SituationPicture.objects.published()
            .select_related("municipality")
            .only("municipality__slug")
            .order_by("pk")
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


def sitemap_index(request):
    """/sitemap.xml: the index of the sections' pages, with PORTAL_BASE_URL's scheme and host
    when set (Django's index takes the request's host)."""
    response = index(request, SITEMAPS, sitemap_url_name="sitemap_section")
    base = settings.PORTAL_BASE_URL
    if base:
        for item in response.context_data["sitemaps"]:
            parts = urlsplit(item.location)
            item.location = base + parts.path + (f"?{parts.query}" if parts.query else "")
    return response
