"""The per-pledge Atom feed: one published pledge's published follow-ups, linked from its page."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from followup.tests.factories import make_report
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/medborgarloften/vaggeryd-2022/uppfoljningar/atom/"


def entries(response):
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_lists_only_this_pledges_published_reports(client, pledge, lpo_varnamo):
    published = make_report(pledge, year=2022, tertial=1, summary="Vi har <b>gått</b> tre rundor.")
    make_report(pledge, year=2022, tertial=2, published=False)
    other = make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2023",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2023, 1, 1),
        end=datetime.date(2023, 12, 31),
    )
    make_report(other, year=2023, tertial=1)

    response = client.get(FEED)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert response.has_header("Last-Modified")
    feed = ET.fromstring(response.content)
    assert pledge.public.title in feed.find(f"{ATOM}title").text
    found = entries(response)
    assert len(found) == 1
    assert found[0].find(f"{ATOM}link").get("href").endswith(published.get_absolute_url())
    # The staff-typed summary is escaped, not markup a reader would run.
    assert "&lt;b&gt;" in found[0].find(f"{ATOM}summary").text


def test_empty_feed_for_a_published_pledge_without_reports(client, pledge):
    response = client.get(FEED)
    assert response.status_code == 200
    assert entries(response) == []


@pytest.mark.parametrize("status", [Pledge.Status.DRAFT, Pledge.Status.WITHDRAWN])
def test_unpublished_pledges_have_no_feed(client, lpo_varnamo, status):
    hidden = make_pledge(lpo_varnamo, slug="dold", status=status)
    if status == Pledge.Status.WITHDRAWN:
        make_report(hidden, year=2026, tertial=1)
    assert client.get("/medborgarloften/dold/uppfoljningar/atom/").status_code == 404


def test_unknown_pledge_is_404(client, db):
    assert client.get("/medborgarloften/finns-inte/uppfoljningar/atom/").status_code == 404


def test_staff_preview_of_a_draft_does_not_unlock_the_feed(client, lpo_varnamo, superuser):
    make_pledge(lpo_varnamo, slug="dold")
    client.force_login(superuser)
    assert client.get("/medborgarloften/dold/uppfoljningar/atom/").status_code == 404


def test_english_feed_has_english_title(client, pledge):
    make_report(pledge, year=2022, tertial=1)
    response = client.get("/en" + FEED)
    assert response.status_code == 200
    assert ET.fromstring(response.content).find(f"{ATOM}title").text.startswith("Follow-ups of")


def test_pledge_page_links_the_feed(client, pledge):
    html = client.get("/medborgarloften/vaggeryd-2022/").content.decode()
    assert f'<link rel="alternate" type="application/atom+xml" href="{FEED}"' in html
    assert f'<a href="{FEED}">' in html


def test_draft_preview_does_not_link_a_feed(client, lpo_varnamo, superuser):
    make_pledge(lpo_varnamo, slug="dold")
    client.force_login(superuser)
    response = client.get("/medborgarloften/dold/")
    assert response.status_code == 200
    assert "/medborgarloften/dold/uppfoljningar/atom/" not in response.content.decode()


def test_feed_queries_do_not_grow_with_reports(client, pledge, django_assert_max_num_queries):
    for tertial in (1, 2, 3):
        make_report(pledge, year=2022, tertial=tertial)
    with django_assert_max_num_queries(4):
        assert client.get(FEED).status_code == 200


@pytest.mark.parametrize(
    "feed", [FEED, "/uppfoljningar/atom/", "/kommuner/vaggeryd/uppfoljningar/atom/"]
)
def test_a_reader_whose_copy_is_current_gets_304_and_a_new_report_gives_200(client, pledge, feed):
    make_report(pledge, year=2022, tertial=1)
    first = client.get(feed)
    etag = first["ETag"]
    again = client.get(feed, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    since = client.get(feed, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    make_report(pledge, year=2022, tertial=2)  # published later: the feed changes
    changed = client.get(feed, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and len(entries(changed)) == 2
