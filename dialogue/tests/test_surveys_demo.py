"""The demo surveys: a closed Vaggeryd survey with results and an open one in Vänersborg."""

import pytest
from django.utils import timezone

from dialogue.demo.surveys import load_survey_demo
from dialogue.models import Answer, Excerpt, Option, Question, Response, Survey
from dialogue.results import survey_results
from dialogue.tests.test_surveys_helpers import url
from pledges.demo import load_demo_data

pytestmark = pytest.mark.django_db

COUNTED = [Survey, Question, Option, Response, Answer, Excerpt]


def row_counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def demo():
    load_demo_data(create_users=False)
    return load_survey_demo()


def test_demo_is_idempotent(demo):
    before = row_counts()
    assert load_survey_demo() == {}
    assert row_counts() == before


def test_demo_is_deterministic(demo):
    vaggeryd = Survey.objects.get(slug="trygghetsundersokning-2021")
    first = [(q.question.text, r.label, r.count) for q in survey_results(vaggeryd) for r in q.rows]
    Response.objects.filter(survey=vaggeryd).delete()
    load_survey_demo()
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
    survey = Survey.objects.get(municipality__name="Vänersborg")
    assert survey.is_open()
    assert (survey.closes_at - timezone.now()).days >= 50
    texts = " ".join(survey.questions.values_list("text", flat=True))
    assert "Sanden" in texts and "Torpa" in texts
    content = client.get(url(survey)).content.decode()
    assert "Aktivitetsområdet Sanden" in content and "Bostadsområdet Torpa" in content
