"""The demo lägesbilder: their figures agree with their text on any day the demo is loaded."""

import pytest

from dialogue.figures import situation_figures
from dialogue.models import PlaceReport, SituationPicture, Survey
from pledges.models import Pledge
from pledges.tests.test_demo_data import DAYS, load_demo_on

pytestmark = pytest.mark.django_db

# What a lägesbild's text names, and the figure that must then not be zero.
NAMED = {
    "survey_responses": ("enkät", "undersökning"),
    "reports": ("synpunkter", "tips från invånare"),
    "activities": ("medborgardialog",),
    "observations": ("trygghetsvandring",),
}


def figure(figures, name):
    return {
        "survey_responses": figures.survey_responses,
        "reports": figures.reports.total,
        "activities": figures.activities["total"],
        "observations": figures.observations["total"],
    }[name]


@pytest.mark.parametrize("day", DAYS)
def test_every_figure_a_lagesbild_names_is_counted(monkeypatch, day):
    load_demo_on(monkeypatch, day)

    pictures = SituationPicture.objects.published()
    assert pictures.count() == 5
    named_somewhere = set()
    for picture in pictures:
        text = picture.summary.casefold()
        figures = situation_figures(picture)
        for name, words in NAMED.items():
            if any(word in text for word in words):
                named_somewhere.add(name)
                assert figure(figures, name) > 0, (picture.title, name)
    assert named_somewhere == set(NAMED)


@pytest.mark.parametrize("day", DAYS)
def test_the_inputs_of_a_pledge_in_force_lie_in_its_lagesbild_period_and_are_moderated(
    monkeypatch, day
):
    load_demo_on(monkeypatch, day)

    for kommun in ("Vaggeryd", "Vänersborg"):
        picture = Pledge.objects.current(day).get(municipalities__name=kommun).situation_picture
        start, end = picture.period_start, picture.period_end
        survey = Survey.objects.with_public_results().get(
            municipality=picture.municipality, closes_at__date__range=(start, end)
        )
        assert survey.opens_at.date() >= start
        assert situation_figures(picture).survey_responses == survey.responses.count() > 100
        reports = PlaceReport.objects.filter(
            municipality=picture.municipality, created_at__date__range=(start, end)
        )
        # Only moderated reports count; those of the period were moderated long ago.
        assert reports.count() == 8
        assert not reports.filter(status=PlaceReport.Status.NEW).exists()
        assert reports.filter(status=PlaceReport.Status.DISMISSED).count() == 1
        # Older than the retention period, their free text and contacts are gone.
        assert not reports.filter(purged_at__isnull=True).exists()
        assert not reports.exclude(description="").exists()


def test_the_pledge_page_shows_the_figures_of_its_lagesbild(monkeypatch, client):
    load_demo_on(monkeypatch, DAYS[0])

    for kommun in ("Vaggeryd", "Vänersborg"):
        pledge = Pledge.objects.current(DAYS[0]).get(municipalities__name=kommun)
        response = client.get(pledge.get_absolute_url())
        assert response.status_code == 200
        figures = response.context["situation_figures"]
        assert figures.survey_responses > 0
        assert figures.reports.total == 7
        assert figures.activities["total"] == 2
        assert figures.observations["total"] == 4
