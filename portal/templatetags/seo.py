"""Search-engine and sharing metadata of public pages: canonical address, hreflang, Open Graph.

Use in the <head> of base.html:

    {% capture "page_title" %}{% block title %}…{% endblock %}{% endcapture %}
    {% seo_head %}

A page is indexable unless it is an error page, a staff preview or a page that only makes sense
within a visit (thanks pages, account pages); those get ``noindex`` and no canonical address.
"""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import mark_safe

register = template.Library()

# Open Graph names the locale with a territory.
OG_LOCALES = {"sv": "sv_SE", "en": "en_GB"}

# Pages residents reach only within a visit, or that are not theirs to find in a search engine.
NOINDEX_URL_NAMES = {
    "pledge_working_copy",
    "survey_thanks",
    "report_thanks",
}
NOINDEX_NAMESPACES = {"admin", "accounts", "twofactor", "feedback"}

# The only query parameter that changes what a public page shows rather than how: a list's page.
CANONICAL_PARAMS = ("page",)


def absolute_url(request, path):
    """The address with PORTAL_BASE_URL's scheme and host when set, else the request's."""
    base = getattr(settings, "PORTAL_BASE_URL", "")
    if base:
        return base + path
    return request.build_absolute_uri(path)


def is_indexable(context):
    request = context.get("request")
    if request is None or context.get("noindex") or context.get("working_copy"):
        return False
    # The error handlers render without a resolved view (404 at routing) or pass a title only.
    if "exception" in context or context.get("is_error_page"):
        return False
    # A draft or withdrawn pledge shown to its staff at the public address.
    pledge = context.get("pledge")
    if pledge is not None and not getattr(pledge, "is_published", True):
        return False
    match = request.resolver_match
    if match is None:
        return False
    if match.url_name in NOINDEX_URL_NAMES:
        return False
    return not (set(match.namespaces) & NOINDEX_NAMESPACES)


def canonical_path(request):
    params = [
        (name, request.GET[name])
        for name in CANONICAL_PARAMS
        if request.GET.get(name, "") not in ("", "1")
    ]
    return request.path + ("?" + urlencode(params) if params else "")


@register.inclusion_tag("includes/seo_head.html", takes_context=True)
def seo_head(context):
    request = context.get("request")
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE) if request else "sv"
    data = {
        "indexable": is_indexable(context),
        "page_title": context.get("page_title", ""),
        "page_description": context.get("page_description", ""),
        "og_locale": OG_LOCALES.get(language, "sv_SE"),
        "og_locale_alternates": [v for k, v in OG_LOCALES.items() if k != language],
    }
    if data["indexable"]:
        path = canonical_path(request)
        data["canonical"] = absolute_url(request, path)
        data["alternates"] = [
            (code, absolute_url(request, translate_url(path, code)))
            for code, _name in settings.LANGUAGES
        ]
        data["x_default"] = absolute_url(request, translate_url(path, settings.LANGUAGE_CODE))
    return data


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        output = self.nodelist.render(context).strip()
        # Only the rendered (already escaped) template output is kept, so it stays safe.
        context[self.name] = mark_safe(" ".join(output.split()))  # noqa: S308
        return output


@register.tag
def capture(parser, token):
    """Render the enclosed template and also keep its output in a context variable.

    ``{% capture "name" %}…{% endcapture %}`` lets a {% block %} be shown once and reused
    (the <title> block also feeds og:title) without defining the block twice.
    """
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('Usage: {% capture "name" %}…{% endcapture %}')
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1][1:-1])
