"""The API's filters: kommun, län, police area, year, the pledges' period status and the
activities' status, by the same stable ids the resources have."""

import datetime

import pytest

from followup.models import Indicator
from followup.tests.factories import make_report
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

from .conftest import TODAY, add_dialogue

pytestmark = pytest.mark.django_db


def slugs(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200, response.content
    return sorted(row.get("slug") or row.get("title") for row in response.json()["results"])


@pytest.fixture
def pledges(lpo_varnamo, lpo_fyrbodal):
    year = TODAY.year

    def published(area, slug, names, start, end):
        return make_pledge(
            area, slug=slug, municipality_names=names, status=Pledge.Status.PUBLISHED,
            start=start, end=end,
        )  # fmt: skip

    return {
        "earlier": published(lpo_varnamo, "vaggeryd-tidigare", ("Vaggeryd",),
                             datetime.date(year - 2, 1, 1), datetime.date(year - 2, 12, 31)),
        "in_force": published(lpo_varnamo, "vaggeryd-nu", ("Vaggeryd",),
                              datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
        "coming": published(lpo_fyrbodal, "vanersborg-sedan", ("Vänersborg",),
                            datetime.date(year + 1, 1, 1), datetime.date(year + 1, 12, 31)),
    }  # fmt: skip


def test_pledges_by_period_status(client, pledges):
    for status in ("in_force", "earlier", "coming"):
        assert slugs(client, "/api/pledges/", status=status) == [pledges[status].slug]


def test_pledges_by_kommun_lan_police_area_and_year(client, pledges):
    both_vaggeryd = ["vaggeryd-nu", "vaggeryd-tidigare"]
    assert slugs(client, "/api/pledges/", municipality="0665") == both_vaggeryd
    assert slugs(client, "/api/pledges/", county="06") == both_vaggeryd
    assert slugs(client, "/api/pledges/", police_area="ostra-fyrbodal") == ["vanersborg-sedan"]
    assert slugs(client, "/api/pledges/", year=str(TODAY.year - 2)) == ["vaggeryd-tidigare"]
    # A well-formed code of a kommun without pledges matches nothing.
    assert slugs(client, "/api/pledges/", municipality="0180") == []


def test_pledge_list_shows_period_status(client, pledges):
    rows = client.get("/api/pledges/").json()["results"]
    assert {row["slug"]: row["period_status"] for row in rows} == {
        "vaggeryd-tidigare": "earlier",
        "vaggeryd-nu": "in_force",
        "vanersborg-sedan": "coming",
    }


def test_follow_ups_by_activity_status_pledge_and_year(client, pledges):
    earlier, current = pledges["earlier"], pledges["in_force"]
    make_report(earlier, year=TODAY.year - 2, tertial=1, status="delayed")
    make_report(current, year=TODAY.year, tertial=1, status="done")

    def periods(**query):
        response = client.get("/api/follow-ups/", query)
        assert response.status_code == 200
        return [(row["pledge"]["slug"], row["period"]) for row in response.json()["results"]]

    assert periods(activity_status="delayed") == [(earlier.slug, f"{TODAY.year - 2}-t1")]
    assert periods(activity_status="done") == [(current.slug, f"{TODAY.year}-t1")]
    assert periods(activity_status="not_started") == []
    assert periods(pledge=current.slug) == [(current.slug, f"{TODAY.year}-t1")]
    assert periods(year=str(TODAY.year - 2)) == [(earlier.slug, f"{TODAY.year - 2}-t1")]
    assert client.get("/api/follow-ups/", {"activity_status": "bra"}).status_code == 400


def test_municipalities_by_county_and_police_area(client, lpo_varnamo):
    response = client.get("/api/municipalities/", {"police_area": "varnamo"})
    names = [row["name"] for row in response.json()["results"]]
    assert names == ["Gislaved", "Gnosjö", "Vaggeryd", "Värnamo"]
    response = client.get("/api/municipalities/", {"county": "06"})
    assert response.json()["count"] == 13


def test_dialogue_activities_by_kommun_and_kind(client, vaggeryd, vanersborg):
    add_dialogue(vaggeryd, "Möte i Vaggeryd")
    add_dialogue(vanersborg, "Trygghetsvandring i Torpa", kind="safety_walk")
    assert slugs(client, "/api/dialogue-activities/", municipality="0665") == ["Möte i Vaggeryd"]
    assert slugs(client, "/api/dialogue-activities/", kind="safety_walk") == [
        "Trygghetsvandring i Torpa"
    ]
    assert slugs(client, "/api/dialogue-activities/", county="14") == ["Trygghetsvandring i Torpa"]


def test_a_pledge_of_two_kommuner_in_one_lan_is_listed_once(client, lpo_varnamo):
    """Kommun and län filters match through the pledge's kommuner (one row per kommun); the
    lists have no DISTINCT, so a join there would list such a pledge, its reports and its key
    figures twice for ?county=06."""
    pledge = make_pledge(
        lpo_varnamo, slug="vaggeryd-varnamo", municipality_names=("Vaggeryd", "Värnamo"),
        status=Pledge.Status.PUBLISHED, start=datetime.date(TODAY.year, 1, 1),
        end=datetime.date(TODAY.year, 12, 31),
    )  # fmt: skip
    make_report(pledge, year=TODAY.year, tertial=1)
    Indicator.objects.create(pledge=pledge, name="Trygghetsvandringar", unit="st")

    def rows(url, **query):
        response = client.get(url, query)
        assert response.status_code == 200, response.content
        return response.json()["results"]

    for query in ({"county": "06"}, {"municipality": "0665"}, {}):
        assert [row["slug"] for row in rows("/api/pledges/", **query)] == [pledge.slug]
        follow_ups = rows("/api/follow-ups/", **query)
        assert [row["pledge"]["slug"] for row in follow_ups] == [pledge.slug]
    for query in ({"municipality": "0665"}, {"municipality": "0683"}, {}):
        assert [row["name"] for row in rows("/api/key-figures/", **query)] == [
            "Trygghetsvandringar"
        ]
    # A code of the other län, or of a kommun the pledge does not name, matches nothing.
    assert rows("/api/pledges/", county="14") == []
    assert rows("/api/follow-ups/", municipality="0662") == []
    assert rows("/api/key-figures/", municipality="0662") == []
