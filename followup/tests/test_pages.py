"""Residents see every activity's progress on the pledge page, the report page and the feed."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.models import ActivityUpdate, Correction, FollowUpReport, Indicator, IndicatorValue
from followup.tests.factories import make_report, set_status
from pledges.models import Activity, Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db
Status = ActivityUpdate.Status
ATOM = "{http://www.w3.org/2005/Atom}"


def two_year_pledge(area, slug="lang", activities=3):
    return make_pledge(
        area,
        slug=slug,
        status=Pledge.Status.PUBLISHED,
        activities=activities,
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2023, 12, 31),
    )


@pytest.fixture
def pledge(lpo_varnamo):
    return make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2022",
        status=Pledge.Status.PUBLISHED,
        activities=3,
        start=datetime.date(2022, 1, 1),
        end=datetime.date(2022, 12, 31),
    )


def report_url(report):
    return reverse("followup:report_detail", args=[report.pledge.slug, report.period.slug])


def test_pledge_page_shows_overview_statuses_narratives_and_reports(client, pledge):
    first, second, third = pledge.activities.all()
    t1 = make_report(pledge, year=2022, tertial=1, status=Status.IN_PROGRESS)
    t2 = make_report(pledge, year=2022, tertial=2, status=Status.IN_PROGRESS)
    set_status(t2, first, Status.DONE, narrative="Två vandringar genomförda.", achieved=4)
    set_status(t2, second, Status.DELAYED, narrative="Försenad av personalbrist.")
    set_status(t2, third, Status.NOT_REPORTED, narrative="")
    response = client.get(pledge.get_absolute_url())
    content = response.content.decode()
    assert dict(response.context["follow_up"]["overview"]) == {
        Status.DONE: 1,
        Status.DELAYED: 1,
        Status.NOT_REPORTED: 1,
    }
    assert "Två vandringar genomförda." in content
    assert "Försenad av personalbrist." in content
    assert "4 av 4 klara" in content
    assert "Ej rapporterad" in content
    assert "ingen framgång" not in content.lower()
    assert report_url(t1) in content and report_url(t2) in content


def test_pledge_without_reports_says_nothing_is_reported_yet(client, pledge):
    response = client.get(pledge.get_absolute_url())
    content = response.content.decode()
    assert "Ingen uppföljning har publicerats ännu" in content
    assert dict(response.context["follow_up"]["overview"]) == {Status.NOT_REPORTED: 3}


def test_pledge_page_marks_overdue_follow_ups_honestly(client, pledge, settings):
    settings.FOLLOWUP_GRACE_DAYS = 100_000  # keeps the 2022 pledge within its grace period
    make_report(pledge, year=2022, tertial=1)
    content = client.get(pledge.get_absolute_url()).content.decode()
    # T2 2022 ended 31 August; due 30 days later.
    assert "Nästa uppföljning, av T2 2022, är försenad" in content
    assert "30 september 2022" in content
    assert "Uppföljningen av T3 2022 är försenad" in content
    assert "T1 2022 är försenad" not in content


def test_pledge_page_tells_when_the_next_follow_up_is_due(client, lpo_varnamo):
    today = datetime.date.today()
    current = make_pledge(
        lpo_varnamo, slug="nu", status=Pledge.Status.PUBLISHED,
        start=today - datetime.timedelta(days=1), end=today + datetime.timedelta(days=400),
    )  # fmt: skip
    response = client.get(current.get_absolute_url())
    tertial, due = response.context["follow_up"]["schedule"].next_due
    assert tertial.start <= today <= tertial.end
    assert due == tertial.end + datetime.timedelta(days=30)
    assert "Nästa uppföljning" in response.content.decode()


def test_due_days_is_a_setting(client, pledge, settings):
    settings.FOLLOWUP_DUE_DAYS = 10
    settings.FOLLOWUP_GRACE_DAYS = 100_000
    make_report(pledge, year=2022, tertial=1)
    content = client.get(pledge.get_absolute_url()).content.decode()
    assert "10 september 2022" in content


def test_carried_over_activity_shows_overford_on_the_old_pledge(client, pledge, lpo_varnamo):
    following = make_pledge(
        lpo_varnamo, slug="vaggeryd-2023", previous=pledge,
        start=datetime.date(2023, 1, 1), end=datetime.date(2023, 12, 31), activities=0,
    )  # fmt: skip
    old = pledge.activities.first()
    Activity.objects.create(pledge=following, description=old.description, carried_over_from=old)
    following.publish_without_approvals()
    response = client.get(pledge.get_absolute_url())
    assert dict(response.context["follow_up"]["overview"])[Status.CARRIED_OVER] == 1
    assert "Överförd" in response.content.decode()


def test_key_figures_are_a_chart_and_a_table(client, pledge):
    walks = Indicator.objects.create(pledge=pledge, name="Trygghetsvandringar", unit="st", target=2)
    t1 = make_report(pledge, year=2022, tertial=1)
    IndicatorValue.objects.create(report=t1, indicator=walks, value=1)
    make_report(pledge, year=2022, tertial=2)
    content = client.get(pledge.get_absolute_url()).content.decode()
    assert "<svg" in content and 'role="img"' in content
    assert '<th scope="row">T1 2022</th><td>1</td>' in content
    assert '<th scope="row">T2 2022</th><td>inte rapporterat</td>' in content


def test_report_page_shows_summary_updates_changes_and_corrections(client, pledge, varnamo_police):
    first = pledge.activities.first()
    t1 = make_report(pledge, year=2022, tertial=1, status=Status.IN_PROGRESS)
    set_status(t1, first, Status.IN_PROGRESS, achieved=1)
    t2 = make_report(
        pledge, year=2022, tertial=2, status=Status.IN_PROGRESS, summary="Bra tertial."
    )
    set_status(t2, first, Status.DONE, achieved=4, narrative="Alla fyra klara.")
    Correction.objects.create(
        report=t2, reason="Fel antal angavs.", changes="uppnått", made_by=varnamo_police
    )
    response = client.get(report_url(t2))
    assert response.status_code == 200
    content = response.content.decode()
    for text in [
        "Bra tertial.",
        "Alla fyra klara.",
        "Genomförd",
        "ändrad sedan förra tertialen",
        "Pågår",
        "4 av 4",
        "var 1",
        "Rättelser",
        "Fel antal angavs.",
        "T1 2022",
    ]:
        assert text in content, text
    assert 'media="print"' in content


def test_first_report_has_no_comparison(client, pledge):
    t1 = make_report(pledge, year=2022, tertial=1, status=Status.IN_PROGRESS)
    response = client.get(report_url(t1))
    assert response.context["previous"] is None
    assert "ändrad sedan" not in response.content.decode()


@pytest.mark.parametrize("period", ["2022-t4", "2022-x1", "1999-t1", "2022-t3"])
def test_unknown_or_bad_periods_are_404(client, pledge, period):
    make_report(pledge, year=2022, tertial=1)
    assert client.get(f"/medborgarloften/{pledge.slug}/uppfoljning/{period}/").status_code == 404


def test_draft_report_is_404_for_residents_and_a_preview_for_staff(
    client, pledge, vaggeryd_coordinator
):
    draft = make_report(pledge, year=2022, tertial=1, published=False)
    assert client.get(report_url(draft)).status_code == 404
    assert report_url(draft) not in client.get(pledge.get_absolute_url()).content.decode()
    client.force_login(vaggeryd_coordinator)
    response = client.get(report_url(draft))
    assert response.status_code == 200
    assert "Förhandsvisning" in response.content.decode()


def test_reports_of_a_withdrawn_pledge_are_hidden(client, pledge):
    report = make_report(pledge, year=2022, tertial=1)
    Pledge.objects.filter(pk=pledge.pk).update(status=Pledge.Status.WITHDRAWN)
    assert client.get(report_url(report)).status_code == 404
    assert client.get("/uppfoljningar/atom/").content.count(b"<entry>") == 0


def test_evidence_file_is_served_only_with_its_visible_report(client, pledge, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = make_report(pledge, year=2022, tertial=1)
    update = report.updates.first()
    update.evidence_file = SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4 test", "application/pdf")
    update.save()
    url = reverse("followup:evidence", args=[pledge.slug, "2022-t1", update.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert url in client.get(report_url(report)).content.decode()
    FollowUpReport.objects.filter(pk=report.pk).update(status=FollowUpReport.Status.DRAFT)
    assert client.get(url).status_code == 404


def add_reports(pledge, count):
    reports = []
    for number in range(count):
        year, tertial = 2020 + number // 3, number % 3 + 1
        reports.append(make_report(pledge, year=year, tertial=tertial, status=Status.IN_PROGRESS))
    return reports


@pytest.mark.parametrize("persona", [None, "vaggeryd_coordinator"])
def test_pledge_and_report_pages_use_the_same_queries_for_3_or_40_activities_and_1_or_12_reports(
    client, lpo_varnamo, request, persona, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # the views' own queries, not the whole-page cache's
    if persona:
        client.force_login(request.getfixturevalue(persona))
    small = two_year_pledge(lpo_varnamo, slug="small", activities=3)
    small_reports = add_reports(small, 1)
    big = two_year_pledge(lpo_varnamo, slug="big", activities=40)
    big_reports = add_reports(big, 12)
    for pledge in (small, big):
        indicator = Indicator.objects.create(pledge=pledge, name="Vandringar", target=4)
        for report in FollowUpReport.objects.filter(pledge=pledge):
            IndicatorValue.objects.create(report=report, indicator=indicator, value=2)
            Correction.objects.create(report=report, reason="r", made_by=lpo_varnamo_user(request))
    client.get(small.get_absolute_url())  # warm the session
    counts = {}
    cases = [("small", small, small_reports[-1]), ("big", big, big_reports[-1])]
    for name, pledge, report in cases:
        with CaptureQueriesContext(connection) as pledge_queries:
            assert client.get(pledge.get_absolute_url()).status_code == 200
        with CaptureQueriesContext(connection) as report_queries:
            assert client.get(report_url(report)).status_code == 200
        counts[name] = (len(pledge_queries.captured_queries), len(report_queries.captured_queries))
    assert counts["small"] == counts["big"]
    expected = (10, 9) if persona is None else (13, 12)
    assert counts["small"] == expected


def lpo_varnamo_user(request):
    return request.getfixturevalue("varnamo_police")


def test_atom_feed_of_all_kommuner_parses_and_lists_published_reports(client, pledge, lpo_fyrbodal):
    published = make_report(pledge, year=2022, tertial=1)
    make_report(pledge, year=2022, tertial=2, published=False)
    other = make_pledge(lpo_fyrbodal, slug="vanersborg", municipality_names=["Vänersborg"],
                        status=Pledge.Status.PUBLISHED)  # fmt: skip
    make_report(other, year=2026, tertial=1)
    response = client.get("/uppfoljningar/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ["id", "title", "updated"]:
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for required in ["id", "title", "updated", "link"]:
            assert entry.find(f"{ATOM}{required}") is not None, required
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert any(link.endswith(report_url(published)) for link in links)


def test_kommun_feed_lists_only_that_kommun(client, pledge, lpo_fyrbodal):
    make_report(pledge, year=2022, tertial=1)
    other = make_pledge(lpo_fyrbodal, slug="vanersborg", municipality_names=["Vänersborg"],
                        status=Pledge.Status.PUBLISHED)  # fmt: skip
    make_report(other, year=2026, tertial=1)
    feed = ET.fromstring(client.get("/kommuner/vaggeryd/uppfoljningar/atom/").content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert "Vaggeryd" in feed.find(f"{ATOM}title").text
    assert client.get("/kommuner/finns-inte/uppfoljningar/atom/").status_code == 404


def test_feeds_are_linked_from_the_pages(client, pledge):
    report = make_report(pledge, year=2022, tertial=1)
    alternate = '<link rel="alternate" type="application/atom+xml" href="{}"'
    for url, feed in [
        ("/", "/uppfoljningar/atom/"),
        ("/kommuner/vaggeryd/", "/kommuner/vaggeryd/uppfoljningar/atom/"),
        (pledge.get_absolute_url(), "/kommuner/vaggeryd/uppfoljningar/atom/"),
        (report_url(report), "/kommuner/vaggeryd/uppfoljningar/atom/"),
    ]:
        assert alternate.format(feed) in client.get(url).content.decode(), url


def test_corrected_report_shows_its_update_date_in_the_feed(client, pledge, varnamo_police):
    report = make_report(pledge, year=2022, tertial=1)
    later = report.published_at + datetime.timedelta(days=20)
    Correction.objects.create(report=report, reason="Rättat", made_by=varnamo_police, made_at=later)
    feed = ET.fromstring(client.get("/uppfoljningar/atom/").content)
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}updated").text != entry.find(f"{ATOM}published").text
