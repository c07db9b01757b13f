"""Root URL map: stable Swedish public URLs, the same pages under /en/, and the admin."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import PasswordResetView
from organisations import urls as organisation_urls
from organisations.scoped_admin import view_on_site
from pledges import urls as pledge_urls

from . import municipality_page, pledge_page, seo, views
from .feeds import MunicipalityReportsFeed, PledgeReportsFeed, ReportsFeed
from .sitemaps import SITEMAPS, sitemap_index

# The admin names the portal, not the framework.
admin.site.site_header = _("Citizen pledges: administration")
admin.site.site_title = _("Citizen pledges administration")
admin.site.index_title = _("What you can work with")

urlpatterns = [
    # Ahead of the admin's own "r/" shortcut, which redirects any staff user to any object's
    # address: the admin's view_on_site links now land on the scoped one.
    path("admin/r/<path:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    # The admin's login page links "Glömt ditt lösenord?" to the URL of this name.
    path("konto/losenord/", PasswordResetView.as_view(), name="admin_password_reset"),
    path("konto/", include("accounts.urls")),
    path("konto/tvastegsinloggning/", include("twofactor.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("favicon.ico", seo.favicon, name="favicon"),
    # The index of the sitemap's sections, each paginated (?p=2, …): see portal.sitemaps.
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    # Open data has one address in every language: its field names and values are the data.
    path("api/", include("api.urls")),
]

# The pages that combine several apps live in the site layer (pledge_page, municipality_page,
# feeds) but keep the addresses and URL names of the app they are about: each namespace is the
# app's own patterns followed by these, included once.
pledge_patterns = [
    *pledge_urls.urlpatterns,
    path("<slug:slug>/", pledge_page.pledge_detail, name="pledge_detail"),
    path("<slug:slug>/version/<int:number>/", pledge_page.pledge_version, name="pledge_version"),
    path("<slug:slug>/uppfoljningar/atom/", PledgeReportsFeed(), name="pledge_followup_feed"),
    path(
        "<slug:slug>/forhandsvisning/",
        pledge_page.pledge_working_copy,
        name="pledge_working_copy",
    ),
]
municipality_patterns = [
    path("", municipality_page.municipality_list, name="municipality_list"),
    *organisation_urls.urlpatterns,
    path("<slug:slug>/", municipality_page.municipality_detail, name="municipality_detail"),
    path(
        "<slug:slug>/uppfoljningar/atom/",
        MunicipalityReportsFeed(),
        name="municipality_followup_feed",
    ),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("personuppgifter/", views.privacy, name="privacy"),
    path("kommuner/", include((municipality_patterns, organisation_urls.app_name))),
    path("medborgarloften/oversikt/", views.overview, name="overview"),
    path("medborgarloften/", include((pledge_patterns, pledge_urls.app_name))),
    path("medborgarloften/", include("followup.urls")),
    path("uppfoljningar/atom/", ReportsFeed(), name="followup_feed"),
    path("dialog/", include("dialogue.urls")),
    path("sidfeedback/", include("feedback.urls")),
    path("prenumeration/", include("subscriptions.urls")),
    prefix_default_language=False,
)

handler404 = "portal.views.page_not_found"
handler500 = "portal.outage.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
