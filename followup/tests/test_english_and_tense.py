"""Follow-up on English pages and for ended pledges: staff's Swedish marked as Swedish, the
English version of a pledge named where it is given, and an ended pledge told in the past."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from followup.demo import CORRECTION
from followup.models import ActivityUpdate, Indicator, IndicatorValue
from followup.tests.factories import make_report
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db


def get(client, path, prefix=""):
    response = client.get(prefix + path)
    assert response.status_code == 200
    return response.content.decode()


def pledge_path(pledge):
    with translation.override("sv"):
        return reverse("pledges:pledge_detail", args=[pledge.slug])


@pytest.fixture
def current(lpo_varnamo):
    today = datetime.date.today()
    return make_pledge(
        lpo_varnamo,
        slug="vaggeryd-nu",
        status=Pledge.Status.PUBLISHED,
        start=today - datetime.timedelta(days=30),
        end=today + datetime.timedelta(days=300),
    )


def test_an_ended_pledge_tells_how_it_went(client, pledge):
    make_report(pledge, year=2022, tertial=1, status=ActivityUpdate.Status.IN_PROGRESS)
    html = get(client, pledge_path(pledge))
    assert "Så gick det</h2>" in html and "Så går det" not in html
    assert "när löftet upphörde:" in html
    html = get(client, pledge_path(pledge), prefix="/en")
    assert "How it went</h2>" in html
    assert "activities when the pledge ended:" in html


def test_a_pledge_in_force_tells_how_it_is_going(client, current):
    html = get(client, pledge_path(current))
    assert "Så går det</h2>" in html and "Så gick det" not in html


def test_the_demo_correction_says_changed_once(client):
    """The report page writes "Ändrat:" before the correction's text."""
    assert "ändrat" not in CORRECTION["changes"].lower()
    assert CORRECTION["changes"].startswith("Trafikinsatser: uppnått antal från 2 till 3")


def test_english_report_page_marks_staff_text_swedish_and_names_the_english_title(client, pledge):
    pledge.title_en = "Vaggeryd citizen pledge 2022"
    pledge.promise_en = "We promise."
    pledge.change_reason = "English."
    pledge.save()
    pledge.publish_without_approvals()
    report = make_report(pledge, year=2022, tertial=1, status=ActivityUpdate.Status.IN_PROGRESS)
    indicator = Indicator.objects.create(pledge=pledge, name="Trafikinsatser", unit="timmar")
    IndicatorValue.objects.create(report=report, indicator=indicator, value=5)
    with translation.override("sv"):
        path = report.get_absolute_url()

    html = get(client, path, prefix="/en")
    assert '<p class="activity-text" lang="sv">Aktivitet 1</p>' in html
    assert '<div lang="sv"><p>Läget in_progress under T1.</p></div>' in html
    assert '<div lang="sv"><p>Sammanfattning T1 2022.</p></div>' in html
    assert 'lang="en">Vaggeryd citizen pledge 2022</a>' in html
    assert '<th scope="row" lang="sv">Trafikinsatser</th>' in html
    assert "5 hours" in html  # the unit as the page's language writes it

    html = get(client, path)
    assert "Vaggeryd citizen pledge 2022" not in html
    assert "5 timmar" in html
    assert 'lang="sv"' not in html[html.index("<main") :]
