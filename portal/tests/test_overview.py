"""The national overview: kommuner with a pledge in force, how activities stand, the map."""

import datetime
import json
import re
from collections import Counter

import pytest
from django.urls import resolve, reverse
from django.utils import translation

from followup.models import ActivityUpdate
from followup.progress import attach_follow_up
from followup.tests.factories import make_report, set_status
from organisations.models import County, Municipality, PoliceArea, PoliceRegion
from pledges.models import Activity, Pledge
from pledges.tests.factories import make_pledge
from pledges.versions import Content
from portal import kommun_map
from portal.overview import national_overview

pytestmark = pytest.mark.django_db

Status = ActivityUpdate.Status
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
# The page's queries: pledges in force, activity statuses, continuations, the län of each
# pledge, kommuner, län counts, police area counts, latest follow-ups.
OVERVIEW_QUERIES = 8


def in_force(area, slug, names, **fields):
    return make_pledge(
        area,
        municipality_names=names,
        slug=slug,
        status=Pledge.Status.PUBLISHED,
        start=TODAY - 200 * DAY,
        end=TODAY + 200 * DAY,
        **fields,
    )


def activities_of(pledge):
    return list(Activity.objects.filter(pledge=pledge).order_by("order", "id"))


@pytest.fixture
def dataset(lpo_varnamo, lpo_fyrbodal):
    """Two pledges in force (Jönköpings län: Vaggeryd and Värnamo; Västra Götaland:
    Vänersborg) beside pledges that must not count: a draft, a withdrawn, an ended and a
    future one."""
    jonkoping = in_force(lpo_varnamo, "vaggeryd-varnamo", ["Vaggeryd", "Värnamo"], activities=3)
    done, under_way, silent = activities_of(jonkoping)
    report = make_report(jonkoping, year=TODAY.year - 1, tertial=3)
    set_status(report, done, Status.DONE)
    set_status(report, under_way, Status.IN_PROGRESS)
    ActivityUpdate.objects.filter(report=report, activity=silent).delete()
    # A draft follow-up says more, but is not public.
    draft = make_report(jonkoping, year=TODAY.year, tertial=1, published=False)
    set_status(draft, silent, Status.DONE)
    # An activity added to the working copy after publication is not part of the pledge yet.
    Activity.objects.create(pledge=jonkoping, description="Ännu inte godkänd", order=9)

    vanersborg = in_force(lpo_fyrbodal, "vanersborg", ["Vänersborg"], activities=2)

    make_pledge(
        lpo_varnamo,
        ["Gislaved"],
        slug="utkast",
        start=TODAY - 10 * DAY,
        end=TODAY + 10 * DAY,
    )
    make_pledge(
        lpo_varnamo,
        ["Gnosjö"],
        slug="tillbakadragen",
        status=Pledge.Status.WITHDRAWN,
        start=TODAY - 10 * DAY,
        end=TODAY + 10 * DAY,
    )
    make_pledge(
        lpo_fyrbodal,
        ["Trollhättan"],
        slug="avslutad",
        status=Pledge.Status.PUBLISHED,
        start=TODAY - 400 * DAY,
        end=TODAY - DAY,
    )
    make_pledge(
        lpo_varnamo,
        ["Gnosjö", "Gislaved"],
        slug="kommande",
        status=Pledge.Status.PUBLISHED,
        start=TODAY + DAY,
        end=TODAY + 300 * DAY,
    )
    return {"jonkoping": jonkoping, "vanersborg": vanersborg, "report": report, "draft": draft}


def county(overview, code):
    return next(row for row in overview["counties"] if row.county.code == code)


def test_counts_kommuner_with_a_pledge_in_force_nationally_and_per_lan(dataset):
    overview = national_overview()

    assert (overview["national"].total, overview["national"].in_force) == (290, 3)
    assert overview["pledge_count"] == 2
    jonkoping = county(overview, "06")
    assert (jonkoping.coverage.total, jonkoping.coverage.in_force) == (13, 2)
    assert [m.name for m in jonkoping.in_force_municipalities] == ["Vaggeryd", "Värnamo"]
    vastra_gotaland = county(overview, "14")
    assert (vastra_gotaland.coverage.total, vastra_gotaland.coverage.in_force) == (49, 1)
    assert [m.name for m in vastra_gotaland.in_force_municipalities] == ["Vänersborg"]
    assert county(overview, "01").coverage.in_force == 0
    assert len(overview["counties"]) == 21


def test_drafts_withdrawn_ended_and_future_pledges_do_not_count(dataset):
    overview = national_overview()

    named = {m.name for m in overview["municipalities"] if m.in_force}
    assert named == {"Vaggeryd", "Värnamo", "Vänersborg"}
    assert not named & {"Gislaved", "Gnosjö", "Trollhättan"}


def test_counts_per_police_area(dataset):
    coverage = {area.name: (c.total, c.in_force) for area, c in national_overview()["police_areas"]}

    assert coverage == {"Värnamo": (4, 2), "Östra Fyrbodal": (2, 1)}


def test_activity_statuses_are_the_latest_published_of_the_published_version(dataset):
    overview = national_overview()

    national = overview["statuses"].counts
    # Done and under way from the published report; the activity without an update, and both
    # of Vänersborg's, are not reported; the draft report and the unapproved activity are not.
    assert dict(national) == {Status.DONE: 1, Status.IN_PROGRESS: 1, Status.NOT_REPORTED: 3}
    assert dict(county(overview, "06").statuses.counts) == {
        Status.DONE: 1,
        Status.IN_PROGRESS: 1,
        Status.NOT_REPORTED: 1,
    }
    assert dict(county(overview, "14").statuses.counts) == {Status.NOT_REPORTED: 2}
    assert county(overview, "01").statuses.total == 0


def test_an_activity_continued_in_a_published_pledge_is_carried_over(dataset, lpo_varnamo):
    source = activities_of(dataset["jonkoping"])[1]
    later = make_pledge(
        lpo_varnamo, ["Gnosjö"], slug="nasta", activities=0, start=TODAY, end=TODAY + 300 * DAY
    )
    Activity.objects.create(pledge=later, description="Fortsätter", carried_over_from=source)
    later.publish_without_approvals()

    counts = national_overview()["statuses"].counts

    assert counts[Status.CARRIED_OVER] == 1
    assert counts[Status.IN_PROGRESS] == 0


def test_a_joint_pledge_across_two_lan_counts_in_each(lpo_varnamo):
    in_force(lpo_varnamo, "gemensam", ["Vaggeryd", "Vänersborg"], activities=2)

    overview = national_overview()

    assert overview["statuses"].total == 2
    assert county(overview, "06").statuses.total == 2
    assert county(overview, "14").statuses.total == 2


def test_page_shows_counts_statuses_and_latest_follow_ups(client, dataset):
    response = client.get(reverse("overview"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "3 av Sveriges 290 kommuner" in content
    assert "Ej rapporterad" in content
    assert dataset["report"].get_absolute_url() in content
    assert dataset["draft"].get_absolute_url() not in content
    assert response.context["latest_reports"] == [dataset["report"]]
    assert (
        f'<link rel="alternate" type="application/atom+xml" href="{reverse("followup_feed")}"'
        in content
    )


def test_map_links_every_kommun_and_marks_those_in_force(client, dataset):
    content = client.get(reverse("overview")).content.decode()

    start = content.index("<svg xmlns")
    svg = content[start : content.index("</svg>", start)]
    links = re.findall(r'<a href="([^"]+)" class="(kommun[^"]*)"><title>([^<]+)</title>', svg)
    assert len(links) == 290
    in_force_links = {href for href, css, _title in links if css == "kommun in-force"}
    assert in_force_links == {
        Municipality.objects.get(name=name).get_absolute_url()
        for name in ["Vaggeryd", "Värnamo", "Vänersborg"]
    }
    # Not only colour: the accessible name says it, and the map is labelled as a whole.
    assert "<title>Vaggeryd: medborgarlöfte gäller</title>" in svg
    assert "<title>Gislaved: inget medborgarlöfte gäller</title>" in svg
    assert 'aria-labelledby="karta-title" aria-describedby="karta-desc"' in svg
    assert "style=" not in svg


def test_map_data_has_an_outline_for_every_kommun_and_is_small():
    data = json.loads(kommun_map.PATHS_FILE.read_text(encoding="utf-8"))

    codes = set(Municipality.objects.values_list("code", flat=True))
    assert set(data["paths"]) == codes
    assert all(path.startswith("M") for path in data["paths"].values())
    assert kommun_map.PATHS_FILE.stat().st_size < 100_000
    # Inside the project: a fresh clone has it, nothing is read from outside at runtime.
    assert kommun_map.PATHS_FILE.is_relative_to(kommun_map.Path(__file__).parents[2])


def test_overview_address_wins_over_a_pledge_slug():
    assert resolve("/medborgarloften/oversikt/").url_name == "overview"
    with translation.override("en"):
        assert resolve("/en/medborgarloften/oversikt/").url_name == "overview"


def test_english_page(client, dataset):
    response = client.get("/en/medborgarloften/oversikt/")

    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "3 of Sweden's 290 municipalities" in content
    assert "Not reported" in content
    assert "<title>Vaggeryd: pledge in force</title>" in content


def test_links_the_csv_of_kommuner(client):
    response = client.get(reverse("overview"))

    assert response.status_code == 200
    assert f'<a href="{reverse("csv:municipalities")}">' in response.content.decode()


def test_page_without_any_pledge_says_so(client):
    response = client.get(reverse("overview"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "0 av Sveriges 290 kommuner" in content
    assert "Inget medborgarlöfte med aktiviteter gäller i dag." in content
    assert "Ingen uppföljning har publicerats än." in content


@pytest.mark.parametrize("count", [2, 20])
def test_query_count_does_not_grow_with_pledges_and_kommuner(
    client, count, django_assert_num_queries
):
    region = PoliceRegion.objects.get(name="Öst")
    kommuner = list(Municipality.objects.order_by("code")[: count * 2])
    for number in range(count):
        area = PoliceArea.objects.create(name=f"LPO {number}", police_region=region)
        pair = kommuner[2 * number : 2 * number + 2]
        area.municipalities.set(pair)
        pledge = in_force(area, f"pledge-{number}", [m.name for m in pair], activities=3)
        make_report(pledge, year=TODAY.year - 1, tertial=3, status=Status.IN_PROGRESS)

    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(reverse("overview"))

    assert response.status_code == 200
    assert response.context["national"].in_force == 2 * count
    assert response.context["statuses"].counts[Status.IN_PROGRESS] == 3 * count
    assert County.objects.count() == len(response.context["counties"])


def test_a_continuation_not_yet_in_the_next_pledges_published_version_does_not_count(
    dataset, lpo_varnamo
):
    source = activities_of(dataset["jonkoping"])[1]
    later = make_pledge(
        lpo_varnamo, ["Gnosjö"], slug="nasta", activities=1, start=TODAY, end=TODAY + 300 * DAY
    )
    later.publish_without_approvals()
    # Added to the working copy after publication: not approved, so not a continuation yet.
    Activity.objects.create(pledge=later, description="Fortsätter", carried_over_from=source)

    counts = national_overview()["statuses"].counts

    assert counts[Status.CARRIED_OVER] == 0
    assert counts[Status.IN_PROGRESS] == 1


def test_statuses_agree_with_the_pledge_pages(dataset, lpo_varnamo):
    """The overview counts in the database what each pledge page shows of its activities."""
    source = activities_of(dataset["jonkoping"])[0]
    later = make_pledge(
        lpo_varnamo, ["Gnosjö"], slug="nasta", activities=0, start=TODAY, end=TODAY + 300 * DAY
    )
    Activity.objects.create(pledge=later, description="Fortsätter", carried_over_from=source)
    later.publish_without_approvals()
    on_pages = Counter()
    for pledge in Pledge.objects.current():
        shown = Content.of(pledge.published_version.content).activities
        attach_follow_up(shown)
        on_pages.update(activity.status for activity in shown)

    counts = national_overview()["statuses"].counts

    assert +counts == on_pages
    assert on_pages[Status.CARRIED_OVER] == 1
