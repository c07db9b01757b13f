"""Survey results: public only after closing, counted by the database, free text never shown."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dialogue.models import Excerpt
from dialogue.results import survey_results
from dialogue.tests.test_surveys_helpers import (
    Kind,
    add_response,
    make_survey,
    many_questions,
    question,
    url,
)
from organisations.models import Place

pytestmark = pytest.mark.django_db

SECRET = "Min granne på Storgatan 3 säljer knark"


@pytest.fixture
def places(vaggeryd):
    return [
        Place.objects.create(municipality=vaggeryd, name="Skillingaryd"),
        Place.objects.create(municipality=vaggeryd, name="Vaggeryd"),
    ]


@pytest.fixture
def closed(vaggeryd, places):
    """A closed survey with four responses whose counts are easy to check by hand."""
    survey = make_survey(vaggeryd, state="closed")
    skillingaryd, centrum = places
    add_response(survey, single=0, multiple=(0, 1), scale=5, place=skillingaryd, text=SECRET)
    add_response(survey, single=0, multiple=(0,), scale=4, place=skillingaryd)
    add_response(survey, single=1, multiple=(1, 2), scale=4, place="Vid badplatsen")
    add_response(survey, single=2, multiple=(0,), scale=None, place=None)
    return survey


def by_kind(results):
    return {result.question.kind: result for result in results}


def rows(result):
    return [(row.label, row.count, row.percent) for row in result.rows]


# Counting --------------------------------------------------------------------------------


def test_single_choice_counts_and_shares(closed):
    single = by_kind(survey_results(closed))[Kind.SINGLE]
    assert single.respondents == 4
    assert rows(single) == [("Ofta", 2, 50), ("Ibland", 1, 25), ("Aldrig", 1, 25)]


def test_multiple_choice_counts_each_option_among_those_who_answered(closed):
    multiple = by_kind(survey_results(closed))[Kind.MULTIPLE]
    assert multiple.respondents == 4  # responses, not the six answer rows
    assert rows(multiple) == [("Belysning", 3, 75), ("Polis", 2, 50), ("Grannar", 1, 25)]


def test_scale_counts_per_value_and_mean(closed):
    scale = by_kind(survey_results(closed))[Kind.SCALE]
    assert scale.respondents == 3
    assert [(row.chart_label, row.count) for row in scale.rows] == [
        ("1", 0), ("2", 0), ("3", 0), ("4", 2), ("5", 1),
    ]  # fmt: skip
    assert scale.rows[0].label == "1 – Mycket otrygg"
    assert scale.mean == pytest.approx(13 / 3)


def test_place_counts_per_place_with_other_grouped(closed):
    place = by_kind(survey_results(closed))[Kind.PLACE]
    assert place.respondents == 3
    assert rows(place) == [("Skillingaryd", 2, 67), ("Annan plats", 1, 33)]


def test_free_text_has_only_published_excerpts(closed):
    text_question = question(closed, Kind.TEXT)
    Excerpt.objects.create(question=text_question, text="Mörkt vid stationen.", order=1)
    Excerpt.objects.create(question=text_question, text="Ej publicerad.", is_published=False)
    text = by_kind(survey_results(closed))[Kind.TEXT]
    assert [excerpt.text for excerpt in text.excerpts] == ["Mörkt vid stationen."]
    assert text.rows == []


def test_no_responses_gives_zero_counts_without_shares(vaggeryd):
    survey = make_survey(vaggeryd, state="closed")
    single = by_kind(survey_results(survey))[Kind.SINGLE]
    assert single.respondents == 0
    assert rows(single) == [("Ofta", 0, None), ("Ibland", 0, None), ("Aldrig", 0, None)]


def test_results_use_a_fixed_number_of_queries(vaggeryd, places):
    small = make_survey(vaggeryd, slug="liten", state="closed", questions=many_questions(5))
    large = make_survey(vaggeryd, slug="stor", state="closed", questions=many_questions(10))
    for survey, count in [(small, 3), (large, 30)]:
        for number in range(count):
            add_response(survey, single=number % 3, place=places[number % 2])

    def queries(survey):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            survey_results(survey)
        return len(captured)

    assert queries(small) == queries(large)


def test_counts_are_cached_until_the_responses_change(closed):
    survey_results(closed)
    with CaptureQueriesContext(connection) as cached:
        survey_results(closed)
    assert not any("GROUP BY" in query["sql"] for query in cached.captured_queries)
    add_response(closed, single=0)
    single = by_kind(survey_results(closed))[Kind.SINGLE]
    assert single.respondents == 5


# The public page -------------------------------------------------------------------------


def test_results_page_shows_charts_and_tables(client, closed):
    response = client.get(url(closed, "survey_results", language="en"))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('<svg xmlns="http://www.w3.org/2000/svg"') == 4
    assert 'role="img"' in content
    assert '<th scope="col">Share</th>' in content
    # Options are staff's Swedish; "Other place" is the interface's English.
    assert '<tr><th scope="row" lang="sv">Belysning</th><td>3</td><td>75 %</td></tr>' in content
    assert '<tr><th scope="row" lang="en">Other place</th><td>1</td><td>33 %</td></tr>' in content
    assert "Mean on the scale from 1 to 5: 4.3" in content
    assert "4 people answered this question." in content


def test_results_page_never_shows_free_text_only_published_excerpts(client, closed):
    text_question = question(closed, Kind.TEXT)
    Excerpt.objects.create(question=text_question, text="Mörkt vid <b>stationen</b>.")
    Excerpt.objects.create(question=text_question, text="Inte publicerad.", is_published=False)
    content = client.get(url(closed, "survey_results", language="en")).content.decode()
    assert SECRET not in content
    assert "Vid badplatsen" not in content  # an "other place" is free text too
    assert "Inte publicerad." not in content
    assert "Mörkt vid &lt;b&gt;stationen&lt;/b&gt;." in content


def test_results_are_hidden_while_the_survey_is_open(client, vaggeryd, places):
    survey = make_survey(vaggeryd, state="open")
    add_response(survey, single=0, place=places[0])
    response = client.get(url(survey, "survey_results", language="en"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "The results are published here when the survey closes on" in content
    assert "<svg" not in content and "<table" not in content
    assert "Ofta" not in content
    assert response.context.get("results") is None


def test_results_wait_for_a_later_publication_date(client, vaggeryd, places):
    later = timezone.now() + datetime.timedelta(days=5)
    survey = make_survey(vaggeryd, state="closed", results_published_at=later)
    add_response(survey, single=0, place=places[0])
    content = client.get(url(survey, "survey_results", language="en")).content.decode()
    assert "The results are published here on" in content
    assert "<svg" not in content and "Ofta" not in content


def test_results_appear_from_the_publication_date(client, vaggeryd, places):
    survey = make_survey(vaggeryd, state="closed")
    survey.results_published_at = survey.closes_at + datetime.timedelta(hours=1)
    survey.save()
    add_response(survey, single=0, place=places[0])
    content = client.get(url(survey, "survey_results", language="en")).content.decode()
    assert "<svg" in content and "Ofta" in content


def test_results_the_coordinator_holds_back_stay_hidden(client, vaggeryd, places):
    survey = make_survey(vaggeryd, state="closed", publish_results_on_close=False)
    add_response(survey, single=0, place=places[0])
    content = client.get(url(survey, "survey_results", language="en")).content.decode()
    assert "The results have not been published yet." in content
    assert "<svg" not in content and "Ofta" not in content


def test_results_of_an_unpublished_survey_are_not_found(client, vaggeryd):
    survey = make_survey(vaggeryd, state="closed", is_published=False)
    assert client.get(url(survey, "survey_results")).status_code == 404


def test_results_page_accepts_only_get(client, closed):
    assert client.post(url(closed, "survey_results")).status_code == 405


def test_results_page_has_breadcrumbs_to_the_survey(client, closed):
    content = client.get(url(closed, "survey_results", language="en")).content.decode()
    assert f'<a href="{url(closed, language="en")}" lang="sv">{closed.title}</a>' in content
    assert 'aria-current="page">Results</a>' in content


def test_results_page_queries_do_not_grow_with_questions_or_responses(client, vaggeryd, places):
    small = make_survey(vaggeryd, slug="liten", state="closed", questions=many_questions(5))
    large = make_survey(vaggeryd, slug="stor", state="closed", questions=many_questions(10))
    for survey, count in [(small, 3), (large, 300)]:
        for number in range(count):
            add_response(survey, single=number % 3, place=places[number % 2])

    def queries(survey):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(survey, "survey_results")).status_code == 200
        return len(captured)

    assert queries(small) == queries(large)
