"""Every list costs the same number of queries for 2 records as for 20: related records come
in prefetches, never one query per row."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followup.models import Indicator, IndicatorValue
from followup.tests.factories import make_report
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

from .conftest import add_closed_survey, add_dialogue

pytestmark = pytest.mark.django_db


def add_pledges(area, first, count):
    """Published pledges with activities, a published report each and a key figure."""
    for number in range(first, first + count):
        pledge = make_pledge(
            area,
            slug=f"vaggeryd-{number}",
            status=Pledge.Status.PUBLISHED,
            activities=3,
            start=datetime.date(2022, 1, 1),
            end=datetime.date(2022, 12, 31),
        )
        report = make_report(pledge, year=2022, tertial=1, status="in_progress")
        indicator = Indicator.objects.create(pledge=pledge, name="Trygghetsvandringar")
        IndicatorValue.objects.create(report=report, indicator=indicator, value=number)


def add_dialogues(municipality, first, count):
    for number in range(first, first + count):
        add_dialogue(municipality, f"Möte {number}")


def add_surveys(municipality, first, count):
    for number in range(first, first + count):
        add_closed_survey(municipality, f"enkat-{number}")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.json()["count"]


@pytest.mark.parametrize(
    "url, add",
    [
        ("/api/pledges/", "pledges"),
        ("/api/follow-ups/", "pledges"),
        ("/api/key-figures/", "pledges"),
        ("/api/dialogue-activities/", "dialogues"),
        ("/api/surveys/", "surveys"),
    ],
)
def test_list_query_count_does_not_grow_with_the_page(
    client, lpo_varnamo, vaggeryd, django_assert_max_num_queries, url, add
):
    builder = {"pledges": (add_pledges, lpo_varnamo), "dialogues": (add_dialogues, vaggeryd),
               "surveys": (add_surveys, vaggeryd)}[add]  # fmt: skip
    make, owner = builder
    make(owner, 0, 2)
    few, count = queries(client, url)
    assert count == 2
    make(owner, 2, 18)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.status_code == 200
    assert response.json()["count"] == 20


def test_reference_lists_cost_a_fixed_number_of_queries(
    client, lpo_varnamo, django_assert_max_num_queries
):
    add_pledges(lpo_varnamo, 0, 2)
    for url in ["/api/municipalities/", "/api/counties/", "/api/police-areas/"]:
        with django_assert_max_num_queries(8):
            response = client.get(url)
        assert response.status_code == 200, url


def test_pledge_detail_costs_the_same_with_more_versions_and_reports(
    client, lpo_varnamo, django_assert_max_num_queries
):
    add_pledges(lpo_varnamo, 0, 1)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/pledges/vaggeryd-0/").status_code == 200
    pledge = Pledge.objects.get(slug="vaggeryd-0")
    for tertial in (2, 3):
        make_report(pledge, year=2022, tertial=tertial, status="done")
    with django_assert_max_num_queries(len(captured)):
        assert client.get("/api/pledges/vaggeryd-0/").status_code == 200
