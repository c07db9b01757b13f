"""The demo surveys: closed ones with results behind the lägesbilder, one open in Vänersborg."""

import pytest
from django.utils import timezone

from dialogue.demo.surveys import load_survey_demo
from dialogue.models import Answer, Excerpt, Option, Question, Response, Survey
from dialogue.results import survey_results
from dialogue.tests.test_surveys_helpers import url
from pledges.tests.test_demo_data import DAYS, load_demo_on
from portal.holidays import is_working_day

pytestmark = pytest.mark.django_db

COUNTED = [Survey, Question, Option, Response, Answer, Excerpt]


def row_counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def demo(monkeypatch):
    return load_demo_on(monkeypatch, DAYS[0])


def test_demo_is_idempotent(demo):
    before = row_counts()
    assert load_survey_demo(DAYS[0]) == {}
    assert row_counts() == before


def test_demo_is_deterministic(demo):
    vaggeryd = Survey.objects.get(slug="trygghetsundersokning-2021")
    first = [(q.question.text, r.label, r.count) for q in survey_results(vaggeryd) for r in q.rows]
    Response.objects.filter(survey=vaggeryd).delete()
    load_survey_demo(DAYS[0])
    again = [(q.question.text, r.label, r.count) for q in survey_results(vaggeryd) for r in q.rows]
    assert first == again


def test_vaggeryd_survey_is_closed_with_public_results(client, demo):
    survey = Survey.objects.get(slug="trygghetsundersokning-2021", municipality__name="Vaggeryd")
    assert survey.results_are_public()
    assert survey.closes_at.year == 2021
    assert 200 <= survey.responses.count() <= 500
    kinds = set(survey.questions.values_list("kind", flat=True))
    assert kinds == set(Question.Kind.values)
    place_answers = Answer.objects.filter(survey=survey, place__isnull=False)
    assert set(place_answers.values_list("place__name", flat=True)) == {"Skillingaryd", "Vaggeryd"}
    assert Excerpt.objects.filter(question__survey=survey, is_published=True).count() == 2
    response = client.get(url(survey, "survey_results"))
    assert response.status_code == 200
    assert "<svg" in response.content.decode()


def test_vanersborg_survey_is_open_about_sanden_and_torpa(client, demo):
    survey = Survey.objects.open().get(municipality__name="Vänersborg")
    assert (survey.closes_at - timezone.now()).days >= 50
    # Answers have come in, but no result is shown while it is open.
    assert (
        0
        < survey.responses.count()
        == survey.responses.filter(submitted_at__lte=timezone.now()).count()
    )
    assert not survey.results_are_public()
    texts = " ".join(survey.questions.values_list("text", flat=True))
    assert "Sanden" in texts and "Torpa" in texts
    content = client.get(url(survey)).content.decode()
    assert "Aktivitetsområdet Sanden" in content and "Bostadsområdet Torpa" in content


@pytest.mark.parametrize("day", DAYS)
def test_surveys_open_and_close_in_office_hours_on_working_days(monkeypatch, day):
    load_demo_on(monkeypatch, day)

    surveys = Survey.objects.all()
    assert surveys.count() == 4
    assert Survey.objects.open().count() == 1
    for survey in surveys:
        for moment, hour in [(survey.opens_at, 9), (survey.closes_at, 18)]:
            local = timezone.localtime(moment)
            assert (local.hour, local.minute) == (hour, 0)
            assert is_working_day(local.date())
