"""The English version of a survey in the admin: a collapsed "In English" part of each page,
editable after answers in Swedish, shown as text once someone has answered in English; the
number of responses in English; the language of each response in the CSV export."""

import csv
import io

import pytest

from dialogue.models import Question, Response
from dialogue.tests.test_surveys_english import in_english, translate
from dialogue.tests.test_surveys_fixed import admin_url, page_form, question_data
from dialogue.tests.test_surveys_helpers import Kind, add_response, make_survey, question

pytestmark = pytest.mark.django_db

EDITABLE = "de engelska texterna kan fortfarande läggas till eller rättas"
FIXED_IN_ENGLISH = "Låst: enkäten har svar på engelska"
REFUSED_IN_ENGLISH = "Enkäten har redan svar på engelska"


@pytest.fixture
def survey(vaggeryd):
    return make_survey(vaggeryd, title="Trygghetsenkät")


def test_survey_page_has_a_collapsed_english_part(client, vaggeryd_coordinator, survey):
    client.force_login(vaggeryd_coordinator)
    content = client.get(admin_url("survey_change", survey.pk)).content.decode()
    assert "På engelska (frivilligt)" in content
    assert 'name="title_en"' in content and 'name="introduction_en"' in content
    assert 'name="questions-0-text_en"' in content
    assert "collapse" in content


def test_english_is_added_to_a_survey_answered_in_swedish(client, vaggeryd_coordinator, survey):
    add_response(survey)
    client.force_login(vaggeryd_coordinator)
    url = admin_url("survey_change", survey.pk)
    data = page_form(client, url, "survey_form")
    assert 'name="title"' not in client.get(url).content.decode()
    data.update({"title_en": "Safety survey", "questions-0-text_en": "How often do you go out?"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    survey.refresh_from_db()
    assert survey.title_en == "Safety survey"
    assert question(survey, Kind.SINGLE).text_en == "How often do you go out?"


def test_question_page_of_a_survey_answered_in_swedish_edits_only_english(
    client, vaggeryd_coordinator, survey
):
    add_response(survey)
    single = question(survey, Kind.SINGLE)
    client.force_login(vaggeryd_coordinator)
    url = admin_url("question_change", single.pk)
    content = client.get(url).content.decode()
    assert EDITABLE in content
    assert 'name="text"' not in content and 'name="text_en"' in content
    assert 'name="options-0-text"' not in content and 'name="options-0-text_en"' in content
    data = question_data(single, text_en="How often?", **{"options-0-text_en": "Often"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    single.refresh_from_db()
    assert single.text_en == "How often?"
    assert single.options.first().text_en == "Often"


def test_english_is_fixed_in_the_admin_once_answered_in_english(
    client, vaggeryd_coordinator, survey
):
    translate(survey)
    in_english(add_response(survey))
    client.force_login(vaggeryd_coordinator)
    response = client.get(admin_url("survey_change", survey.pk))
    content = response.content.decode()
    assert FIXED_IN_ENGLISH in content
    assert 'name="title_en"' not in content and 'name="questions-0-text_en"' not in content
    assert not response.context["inline_admin_formsets"][0].has_change_permission

    single = question(survey, Kind.SINGLE)
    url = admin_url("question_change", single.pk)
    content = client.get(url).content.decode()
    assert 'name="text_en"' not in content and 'name="options-0-text_en"' not in content
    # A crafted POST is refused in words, not dropped.
    data = question_data(single, text_en="How seldom?")
    response = client.post(url, data)
    assert response.status_code == 200
    assert REFUSED_IN_ENGLISH in response.content.decode()
    assert Question.objects.get(pk=single.pk).text_en == "How often do you go out in the evening?"


def test_survey_page_shows_how_many_answered_in_english(client, vaggeryd_coordinator, survey):
    add_response(survey)
    in_english(add_response(survey))
    in_english(add_response(survey))
    client.force_login(vaggeryd_coordinator)
    response = client.get(admin_url("survey_change", survey.pk))
    content = response.content.decode()
    assert "Svar på engelska" in content
    assert response.context["original"].english_response_count == 2


def test_export_says_the_language_of_each_response(client, vaggeryd_coordinator, survey):
    add_response(survey)
    in_english(add_response(survey))
    client.force_login(vaggeryd_coordinator)
    response = client.get(admin_url("survey_export", survey.pk))
    body = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    header, first, second = csv.reader(io.StringIO(body))
    assert header[2] == "Språk"
    assert [first[2], second[2]] == ["svenska", "engelska"]
    assert Response.objects.filter(language="en").count() == 1
