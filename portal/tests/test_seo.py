"""Search engines and link previews: canonical, hreflang, Open Graph, sitemap, robots, favicon."""

import datetime
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from followup.tests.factories import make_report
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def published(lpo_varnamo):
    pledge = make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2026",
        status=Pledge.Status.PUBLISHED,
        title="Tryggare Vaggeryd",
        promise="Vi lovar fler trygghetsvandringar.",
    )
    report = make_report(pledge, year=2026, tertial=1)
    return pledge, report


@pytest.fixture
def hidden(lpo_varnamo):
    """What must never be in the sitemap: a draft, a withdrawn pledge and an unpublished report."""
    draft = make_pledge(lpo_varnamo, slug="utkast-2027")
    withdrawn = make_pledge(lpo_varnamo, slug="indraget-2025", status=Pledge.Status.WITHDRAWN)
    return draft, withdrawn


def head(html):
    return html.split("</head>")[0]


def meta(html, prop):
    found = re.search(rf'<meta property="{re.escape(prop)}" content="([^"]*)">', head(html))
    return found and found.group(1)


def link(html, rel, hreflang=None):
    if hreflang:
        pattern = rf'<link rel="{rel}" hreflang="{hreflang}" href="([^"]*)">'
    else:
        pattern = rf'<link rel="{rel}" href="([^"]*)">'
    found = re.search(pattern, head(html))
    return found and found.group(1)


PUBLIC_PAGES = [
    ("/", "/en/"),
    ("/tillganglighet/", "/en/tillganglighet/"),
    ("/personuppgifter/", "/en/personuppgifter/"),
    ("/kommuner/", "/en/kommuner/"),
    ("/kommuner/vaggeryd/", "/en/kommuner/vaggeryd/"),
    ("/medborgarloften/vaggeryd-2026/", "/en/medborgarloften/vaggeryd-2026/"),
    ("/medborgarloften/vaggeryd-2026/version/1/", "/en/medborgarloften/vaggeryd-2026/version/1/"),
    (
        "/medborgarloften/vaggeryd-2026/uppfoljning/2026-t1/",
        "/en/medborgarloften/vaggeryd-2026/uppfoljning/2026-t1/",
    ),
    ("/dialog/", "/en/dialog/"),
    ("/dialog/vaggeryd/", "/en/dialog/vaggeryd/"),
]


@pytest.mark.parametrize(("sv", "en"), PUBLIC_PAGES)
def test_every_public_page_has_canonical_hreflang_and_open_graph(client, published, sv, en):
    for path, locale in [(sv, "sv_SE"), (en, "en_GB")]:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert link(html, "canonical") == f"http://testserver{path}"
        assert link(html, "alternate", "sv") == f"http://testserver{sv}"
        assert link(html, "alternate", "en") == f"http://testserver{en}"
        assert link(html, "alternate", "x-default") == f"http://testserver{sv}"
        assert meta(html, "og:url") == f"http://testserver{path}"
        assert meta(html, "og:type") == "website"
        assert meta(html, "og:site_name") == "Medborgarlöften"
        assert meta(html, "og:locale") == locale
        title = re.search(r"<title>(.*) – Medborgarlöften</title>", html).group(1)
        assert meta(html, "og:title") == title
        assert meta(html, "og:description")
        assert 'name="robots"' not in head(html)
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


def test_open_graph_uses_the_pledges_own_title_and_promise(client, published):
    html = client.get("/medborgarloften/vaggeryd-2026/").content.decode()
    assert meta(html, "og:title") == "Tryggare Vaggeryd"
    assert meta(html, "og:description") == "Vi lovar fler trygghetsvandringar."


def test_canonical_drops_query_noise_but_keeps_a_page_number(client, published):
    html = client.get("/kommuner/?utm_source=nyhetsbrev&fbclid=x").content.decode()
    assert link(html, "canonical") == "http://testserver/kommuner/"
    html = client.get("/kommuner/?page=2&utm_source=x").content.decode()
    assert link(html, "canonical") == "http://testserver/kommuner/?page=2"
    assert link(html, "alternate", "en") == "http://testserver/en/kommuner/?page=2"


def test_portal_base_url_wins_over_the_request_host(client, published, settings):
    settings.PORTAL_BASE_URL = "https://medborgarloften.example.se"
    html = client.get("/kommuner/vaggeryd/").content.decode()
    assert link(html, "canonical") == "https://medborgarloften.example.se/kommuner/vaggeryd/"
    assert (
        link(html, "alternate", "en") == "https://medborgarloften.example.se/en/kommuner/vaggeryd/"
    )


def test_staff_preview_and_drafts_are_noindex_without_canonical(client, published, superuser):
    pledge, _report = published
    draft = make_pledge(pledge.police_area, slug="utkast-2027")
    client.force_login(superuser)
    for path in [
        "/medborgarloften/vaggeryd-2026/forhandsvisning/",
        f"/medborgarloften/{draft.slug}/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert '<meta name="robots" content="noindex">' in head(html), path
        assert link(html, "canonical") is None
        assert link(html, "alternate", "sv") is None


@pytest.mark.parametrize(
    "path", ["/finns-inte/", "/medborgarloften/finns-inte/", "/en/kommuner/finns-inte/"]
)
def test_error_pages_are_noindex_without_canonical(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in head(html)
    assert link(html, "canonical") is None


def sitemap_xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def sitemap_sections(client):
    """The addresses of the sections' pages that the index /sitemap.xml lists."""
    index = sitemap_xml(client, "/sitemap.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    return [entry.find(f"{SITEMAP}loc").text for entry in index.findall(f"{SITEMAP}sitemap")]


def sitemap_urls(client):
    """Every address of the sitemap: the index's sections, followed page by page."""
    urls = {}
    for section in sitemap_sections(client):
        parts = urlsplit(section)
        root = sitemap_xml(client, parts.path + (f"?{parts.query}" if parts.query else ""))
        for url in root.findall(f"{SITEMAP}url"):
            urls[url.find(f"{SITEMAP}loc").text] = {
                "lastmod": getattr(url.find(f"{SITEMAP}lastmod"), "text", None),
                "alternates": {
                    a.get("hreflang"): a.get("href") for a in url.findall(f"{XHTML}link")
                },
            }
    return urls


def test_sitemap_lists_public_pages_in_both_languages(client, published, hidden):
    urls = sitemap_urls(client)
    base = "http://testserver"
    for sv, en in PUBLIC_PAGES:
        assert base + sv in urls, sv
        assert base + en in urls, en
        assert urls[base + sv]["alternates"] == {
            "sv": base + sv,
            "en": base + en,
            "x-default": base + sv,
        }
    assert urls[base + "/medborgarloften/vaggeryd-2026/"]["lastmod"]
    assert urls[base + "/medborgarloften/vaggeryd-2026/uppfoljning/2026-t1/"]["lastmod"]


def test_sitemap_never_lists_drafts_previews_or_unpublished(client, published, hidden):
    pledge, _report = published
    make_report(pledge, year=2026, tertial=2, published=False)
    listed = " ".join(sitemap_urls(client))
    for absent in [
        "utkast-2027",
        "indraget-2025",
        "forhandsvisning",
        "2026-t2",
        "/admin/",
        "/konto/",
    ]:
        assert absent not in listed, absent


def test_sitemap_uses_portal_base_url(client, published, settings):
    settings.PORTAL_BASE_URL = "https://medborgarloften.example.se"
    sections = sitemap_sections(client)
    assert "https://medborgarloften.example.se/sitemap-pledges.xml" in sections
    assert all(url.startswith("https://medborgarloften.example.se/") for url in sections)
    urls = sitemap_urls(client)
    assert "https://medborgarloften.example.se/kommuner/vaggeryd/" in urls
    assert all(url.startswith("https://medborgarloften.example.se/") for url in urls)


def make_published(area, count, offset=0):
    for number in range(offset, offset + count):
        pledge = make_pledge(
            area,
            slug=f"loefte-{number}",
            status=Pledge.Status.PUBLISHED,
            activities=1,
            start=datetime.date(2020 + number, 1, 1),
            end=datetime.date(2020 + number, 12, 31),
        )
        make_report(pledge, year=2020 + number, tertial=1)


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_sitemap_query_count_does_not_grow_with_pledges(
    client, lpo_varnamo, django_assert_max_num_queries
):
    make_published(lpo_varnamo, 2)
    few = len(sitemap_urls(client))
    make_published(lpo_varnamo, 8, offset=2)
    # The index: one query per section (its last key), whatever the number of items.
    with django_assert_max_num_queries(9):
        sections = sitemap_sections(client)
    for section in sections:
        with django_assert_max_num_queries(2):
            sitemap_xml(client, path_of(section))
    many = len(sitemap_urls(client))
    # Each pledge adds its page, its version 1 and one report, in both languages.
    assert many - few == 8 * 3 * 2


def test_sitemap_sections_are_paginated_and_each_page_is_bounded(
    client, lpo_varnamo, monkeypatch, django_assert_max_num_queries
):
    from portal.sitemaps import PortalSitemap

    # 4 addresses a page: the pledges of 2 consecutive keys, in Swedish and English.
    monkeypatch.setattr(PortalSitemap, "limit", 4)
    make_published(lpo_varnamo, 7)
    last = Pledge.objects.published().order_by("-pk").first().pk
    pages = -(-last // 2)
    sections = [path_of(url) for url in sitemap_sections(client)]
    pledge_pages = [path for path in sections if path.startswith("/sitemap-pledges.xml")]
    assert pledge_pages == ["/sitemap-pledges.xml"] + [
        f"/sitemap-pledges.xml?p={n}" for n in range(2, pages + 1)
    ]
    listed = []
    for path in pledge_pages:
        with django_assert_max_num_queries(2):
            root = sitemap_xml(client, path)
        urls = [url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")]
        assert len(urls) <= 4, path
        listed += urls
    # Every published pledge once in each language, on exactly one page.
    assert len(listed) == len(set(listed)) == 7 * 2
    assert client.get(f"/sitemap-pledges.xml?p={pages + 1}").status_code == 404
    assert client.get("/sitemap-pledges.xml?p=0").status_code == 404
    assert client.get("/sitemap-pledges.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt(client, db, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /konto/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    settings.PORTAL_BASE_URL = "https://medborgarloften.example.se"
    assert "Sitemap: https://medborgarloften.example.se/sitemap.xml" in (
        client.get("/robots.txt").content.decode().splitlines()
    )


def test_robots_and_favicon_refuse_post(client, db):
    assert client.post("/robots.txt").status_code == 405
    assert client.post("/favicon.ico").status_code == 405


def test_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO header
    assert "max-age" in response["Cache-Control"]


def test_every_sitemap_address_of_the_demo_is_a_public_indexable_page(client, db):
    from dialogue.models import DialogueActivity, Survey

    from .browser import load_all_demo_data

    load_all_demo_data(create_users=False)
    urls = sitemap_urls(client)
    listed = {url.removeprefix("http://testserver") for url in urls}
    for kind in ["/enkater/", "/aktiviteter/", "/lagesbild/", "/uppfoljning/", "/version/"]:
        assert any(kind in path for path in listed), kind
    surveys = Survey.objects.select_related("municipality")
    for survey in surveys:
        assert (survey.get_absolute_url() in listed) == survey.is_published, survey
    staff_dialogue = DialogueActivity.objects.filter(kind=DialogueActivity.Kind.STAFF_DIALOGUE)
    for activity in staff_dialogue.select_related("municipality"):
        assert activity.get_absolute_url() not in listed
    for path in sorted(listed):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert link(html, "canonical") == "http://testserver" + path, path
        assert 'name="robots"' not in head(html), path
