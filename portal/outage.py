"""When the database is away: a Swedish 503 page that says when to try again, never a 500.

A database restart takes a second or so. Readers meanwhile get the page cache's last copy of
the page (portal.page_cache); what it cannot answer gets this page with Retry-After, and a form
post that could not be saved comes back with what the resident typed, ready to send again.
"""

import re
import sys

from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from . import views

RETRY_AFTER_SECONDS = 10
# Fields that say nothing the resident wrote: the CSRF token, hidden page addresses, honeypots.
UNSHOWN_FIELDS = {"csrfmiddlewaretoken", "next", "website", "homepage"}
# A value like this is a choice's code (yes, no, 12, lighting), not text the resident typed.
CHOICE_CODE = re.compile(r"[a-z0-9_-]{1,20}")


def is_database_outage(error):
    """The database could not be reached or dropped the connection: it is away, not wrong."""
    return isinstance(error, OperationalError | InterfaceError)


@requires_csrf_token
def server_error(request):
    """handler500: a database outage is a 503 to try again; anything else the styled 500."""
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable(request)
    return views.server_error(request)


def database_unavailable(request):
    posted = list(request.POST.lists()) if request.method == "POST" else []
    response = render(
        request,
        "503.html",
        {
            "title": _("The service is unavailable for a moment"),
            "posted": posted,
            "typed": [
                value
                for name, values in posted
                if name not in UNSHOWN_FIELDS
                for value in values
                if value.strip() and not CHOICE_CODE.fullmatch(value)
            ],
            "retry_after": RETRY_AFTER_SECONDS,
            "had_files": bool(request.FILES) if request.method == "POST" else False,
        },
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # The page cache answers with its last copy of the page instead, when it has one.
    response.database_unavailable = True
    return response
