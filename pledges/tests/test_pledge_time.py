"""A pledge page is honest about time: an ended pledge says so at the top, links the pledge that
continues it there, and shows each activity's status as it stood when the pledge ended; a
coming pledge says when it starts. Pledge and report pages name their two senders."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from followup.models import ActivityUpdate
from followup.tests.factories import make_report
from pledges.models import Pledge
from pledges.tests.factories import make_pledge
from pledges.tests.test_demo_data import DAYS, load_demo_on

pytestmark = pytest.mark.django_db

END_LABEL = "Läge när löftet upphörde:"
NOTICE = re.compile(r'<p class="notice pledge-time"[^>]*>(.*?)</p>', re.S)
ACTIVITY_STATUS = re.compile(r'<p class="activity-status">(.*?)</p>', re.S)


def page(client, pledge, prefix=""):
    response = client.get(prefix + reverse("pledges:pledge_detail", args=[pledge.slug]))
    assert response.status_code == 200
    return response.content.decode()


def text(html):
    return " ".join(strip_tags(html).split())


def notice_after_h1(html):
    """The time notice, which must be the first element after the page's h1."""
    match = re.search(r"</h1>\s*" + NOTICE.pattern, html, re.S)
    assert match, "no time notice right after the h1"
    return match.group(1)


@pytest.fixture
def ended_and_continued(lpo_varnamo):
    """Vaggeryd's 2021 pledge, ended, continued by a published pledge of this year."""
    old = make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2021",
        title="Medborgarlöfte Vaggeryd 2021",
        status=Pledge.Status.PUBLISHED,
        activities=3,
        start=datetime.date(2021, 1, 1),
        end=datetime.date(2021, 12, 31),
    )
    today = timezone.localdate()
    make_pledge(
        lpo_varnamo,
        slug="vaggeryd-nu",
        title="Medborgarlöfte Vaggeryd nu",
        status=Pledge.Status.PUBLISHED,
        start=today - datetime.timedelta(days=30),
        end=today + datetime.timedelta(days=300),
        previous=old,
    )
    return old


def test_ended_pledge_says_so_first_after_the_title_and_links_its_continuation(
    client, ended_and_continued
):
    html = page(client, ended_and_continued)
    notice = notice_after_h1(html)
    assert text(notice) == (
        "Det här löftet har upphört. Gällde 2021. Följs upp i Medborgarlöfte Vaggeryd nu."
    )
    assert '<a href="/medborgarloften/vaggeryd-nu/">' in notice
    # The link moved up: it is not repeated under "Earlier and later pledges".
    assert "Nästa löfte" not in html


def test_ended_pledge_without_a_published_continuation_names_none(client, lpo_varnamo):
    old = make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2021",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2021, 1, 1),
        end=datetime.date(2022, 12, 31),
    )
    make_pledge(lpo_varnamo, slug="utkast", previous=old)  # a draft continues it
    notice = notice_after_h1(page(client, old))
    assert text(notice) == "Det här löftet har upphört. Gällde 1 jan 2021–31 dec 2022."


def test_each_activity_of_an_ended_pledge_shows_its_status_when_the_pledge_ended(
    client, ended_and_continued
):
    make_report(ended_and_continued, year=2021, tertial=3, status=ActivityUpdate.Status.IN_PROGRESS)
    statuses = ACTIVITY_STATUS.findall(page(client, ended_and_continued))
    assert len(statuses) == 3
    for status in statuses:
        assert text(status).startswith(f"{END_LABEL} Pågår")


def test_current_pledge_has_no_time_notice_and_plain_statuses(client, ended_and_continued):
    current = Pledge.objects.get(slug="vaggeryd-nu")
    make_report(current, year=2021, tertial=3, status=ActivityUpdate.Status.IN_PROGRESS)
    html = page(client, current)
    assert "pledge-time" not in html
    assert END_LABEL not in html
    assert all(text(s).startswith("Pågår") for s in ACTIVITY_STATUS.findall(html))


def test_coming_pledge_says_when_it_starts(client, lpo_varnamo):
    start = timezone.localdate() + datetime.timedelta(days=40)
    coming = make_pledge(
        lpo_varnamo,
        status=Pledge.Status.PUBLISHED,
        start=start,
        end=start + datetime.timedelta(days=364),
    )
    notice = notice_after_h1(page(client, coming))
    assert text(notice) == f"Löftet börjar gälla {start.day} {_month(start)} {start.year}."


def _month(day):
    from django.utils import dateformat, translation

    with translation.override("sv"):
        return dateformat.format(day, "F")


def test_english_page_says_the_same_in_english(client, ended_and_continued):
    notice = notice_after_h1(page(client, ended_and_continued, prefix="/en"))
    assert text(notice) == (
        "This pledge has ended. In force 2021. Followed up in Medborgarlöfte Vaggeryd nu."
    )


def test_senders_stand_together_above_the_title_of_pledge_and_report(client, ended_and_continued):
    report = make_report(ended_and_continued, year=2021, tertial=3)
    for url in (ended_and_continued.get_absolute_url(), report.get_absolute_url()):
        html = client.get(url).content.decode()
        match = re.search(r'<p class="senders">(.*?)</p>', html, re.S)
        assert match, url
        assert text(match.group(1)) == "Från Vaggeryds kommun och Lokalpolisområde Värnamo"
        assert html.index('class="senders"') < html.index("<h1")


def test_demo_pledge_of_2021_reads_as_ended_and_points_to_its_successor(monkeypatch, client):
    load_demo_on(monkeypatch, DAYS[0])
    old = Pledge.objects.get(slug="vaggeryd-2021")
    html = page(client, old)
    notice = notice_after_h1(html)
    assert text(notice).startswith("Det här löftet har upphört. Gällde ")
    assert '<a href="/medborgarloften/vaggeryd-2022/">' in notice
    statuses = ACTIVITY_STATUS.findall(html)
    assert statuses
    assert all(text(s).startswith(END_LABEL) for s in statuses)
