"""Root URL map: stable Swedish public URLs, the same pages under /en/, and the admin."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import PasswordResetView
from followup.feeds import ReportsFeed
from organisations.scoped_admin import view_on_site

from . import seo, views
from .sitemaps import SITEMAPS

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
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Open data has one address in every language: its field names and values are the data.
    path("api/", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("personuppgifter/", views.privacy, name="privacy"),
    path("kommuner/", include("organisations.urls")),
    path("medborgarloften/oversikt/", views.overview, name="overview"),
    path("medborgarloften/", include("pledges.urls")),
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
