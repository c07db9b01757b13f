"""robots.txt and /favicon.ico, which crawlers and browsers request at the site's root."""

from functools import lru_cache

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .templatetags.seo import absolute_url


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /konto/",
        "",
        "Sitemap: " + absolute_url(request, reverse("sitemap")),
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@lru_cache(maxsize=1)
def _favicon():
    found = finders.find("favicon.ico")
    if not found:
        return None
    with open(found, "rb") as icon:
        return icon.read()


@require_safe
@cache_control(max_age=60 * 60 * 24 * 7, public=True)
def favicon(request):
    content = _favicon()
    if content is None:
        raise Http404
    return HttpResponse(content, content_type="image/x-icon")
