"""CSV downloads of the published record (tables in csv_tables), with ETag and filters."""

import csv
import hashlib
import io
import re

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from dialogue.exports import BYTE_ORDER_MARK, spreadsheet_safe
from organisations.models import County, Municipality
from pledges.models import Pledge
from portal.templatetags.seo import absolute_url

from . import csv_tables, records

# Clients may reuse a download this long before asking again (and then get a 304 if unchanged).
CACHE_SECONDS = 300
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")
COUNTY_CODE = re.compile(r"[0-9]{2}")
NUMBER = re.compile(r"[0-9]{1,9}")


class BadFilter(Exception):
    """A filter value that names nothing: answered with a 400 that says which and why."""


def csv_text(table):
    """The table as CSV text: a byte order mark, so that spreadsheet programs read UTF-8, then
    the header and the rows, every cell safe from being read as a formula."""
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer)
    for row in [table.header, *table.rows]:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue()


def _download(request, build):
    """Build the table (in Swedish, whatever the browser's language), answer with it as an
    attachment, or with 304 when the client's copy has the same ETag."""
    try:
        with translation.override("sv"):
            table = build(lambda path: absolute_url(request, path))
            body = csv_text(table).encode("utf-8")
    except BadFilter as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.filename}"'
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return get_conditional_response(request, etag=etag, response=response)


def _shown(value):
    return value[:100]


def _municipality(request):
    slug = request.GET.get("kommun", "")
    if not slug:
        return None
    found = Municipality.objects.filter(slug=slug).first() if SLUG.fullmatch(slug) else None
    if found is None:
        raise BadFilter(
            gettext(
                "There is no municipality with the address “%(value)s”. Use the end of the "
                "kommun page's address, e.g. vaggeryd."
            )
            % {"value": _shown(slug)}
        )
    return found


def _county(request):
    code = request.GET.get("lan", "")
    if not code:
        return None
    found = County.objects.filter(code=code).first() if COUNTY_CODE.fullmatch(code) else None
    if found is None:
        raise BadFilter(
            gettext("There is no county with the code “%(value)s”. Use two digits, e.g. 06.")
            % {"value": _shown(code)}
        )
    return found


def _pledge(request):
    slug = request.GET.get("medborgarlofte", "")
    if not slug:
        return None
    found = Pledge.objects.published().filter(slug=slug).first() if SLUG.fullmatch(slug) else None
    if found is None:
        raise BadFilter(
            gettext(
                "There is no published medborgarlöfte with the address “%(value)s”. Use the "
                "end of the pledge page's address, e.g. vaggeryd-2026."
            )
            % {"value": _shown(slug)}
        )
    return found


def _survey(request):
    """The survey whose results to download: required, one file per survey."""
    value = request.GET.get("enkat", "")
    found = records.surveys().filter(pk=value).first() if NUMBER.fullmatch(value) else None
    if found is None:
        raise BadFilter(
            gettext(
                "Give the number of a survey whose results are published, e.g. ?enkat=12. "
                "The API lists them at /api/surveys/."
            )
        )
    return found


@require_safe
def municipalities(request):
    return _download(request, csv_tables.municipalities)


@require_safe
def pledges(request):
    return _download(
        request,
        lambda absolute: csv_tables.pledges(
            absolute, municipality=_municipality(request), county=_county(request)
        ),
    )


@require_safe
def activities(request):
    return _download(request, lambda absolute: csv_tables.activities(absolute, _pledge(request)))


@require_safe
def updates(request):
    return _download(request, lambda absolute: csv_tables.updates(absolute, _pledge(request)))


@require_safe
def key_figures(request):
    return _download(request, lambda absolute: csv_tables.key_figures(absolute, _pledge(request)))


@require_safe
def survey_results(request):
    return _download(
        request, lambda absolute: csv_tables.survey_results(absolute, _survey(request))
    )
