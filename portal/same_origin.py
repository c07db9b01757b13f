"""A public form that can be posted without a CSRF token, and still only from our own pages.

A CSRF token is a per-visitor value, so a page holding one cannot be kept and shared by the page
cache. The page-feedback form on every page does without: it changes nothing of the visitor's
own (it is anonymous, rate-limited and never shown publicly), so what a token protects against
is only another site posting it in the visitor's name. Browsers say where a post comes from:
every current one sends Sec-Fetch-Site, and all send Origin on a cross-site POST. A post that
another site made is refused; one that names no origin at all (an old browser, a script) is not
from a visitor's browser on another site and is let through to the form's own checks.
"""

from functools import wraps

from django.conf import settings
from django.http import HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt


def is_cross_site(request):
    fetch_site = request.headers.get("Sec-Fetch-Site", "")
    if fetch_site in ("cross-site", "same-site"):
        return True
    origin = request.headers.get("Origin")
    if origin is None or fetch_site == "same-origin":
        return False
    own = f"{request.scheme}://{request.get_host()}"
    return origin != own and origin not in settings.CSRF_TRUSTED_ORIGINS


def same_origin_post(view):
    """csrf_exempt for a form on cached pages, refusing posts that another site made."""

    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method == "POST" and is_cross_site(request):
            return HttpResponseForbidden(
                _("The form was sent from another website and was not accepted."),
                content_type="text/plain; charset=utf-8",
            )
        return view(request, *args, **kwargs)

    return checked
