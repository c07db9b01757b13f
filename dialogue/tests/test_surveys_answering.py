"""Residents answer a survey anonymously: the whole answer or nothing, once per browser."""

import datetime
import re

import pytest
from django.db import IntegrityError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dialogue.forms.surveys import SurveyForm
from dialogue.models import Answer, Response
from dialogue.tests.test_surveys_helpers import (
    Kind,
    add_response,
    kommun,
    make_survey,
    many_questions,
    options,
    question,
    url,
    valid_post,
)
from organisations.models import Place

pytestmark = pytest.mark.django_db

EMERGENCY = "Emergency? Call 112. Tips about crime: 114 14 or polisen.se."
REQUIRED = "Answer this question."


@pytest.fixture
def survey(vaggeryd, skillingaryd):
    return make_survey(vaggeryd)


def post(client, survey, data, language="en"):
    return client.post(url(survey, language=language), data)


def stored():
    return Response.objects.count(), Answer.objects.count()


# The form --------------------------------------------------------------------------------


def test_form_shows_every_question_with_labels_and_groups(client, survey, skillingaryd):
    response = client.get(url(survey, language="en"))
    assert response.status_code == 200
    content = response.content.decode()
    for q in survey.questions.all():
        assert q.text in content
    # Single, multiple, scale and place; the page feedback form is not under the survey form.
    assert content.count("<fieldset") == 4
    assert content.count("<legend>") == 4
    assert 'type="radio"' in content and 'type="checkbox"' in content
    assert "1 – Mycket otrygg" in content and "5 – Mycket trygg" in content
    # The English page marks the Swedish content it shows (WCAG 3.1.2).
    assert f'<option value="{skillingaryd.pk}" lang="sv">Skillingaryd</option>' in content
    assert '<option value="other" lang="en">Other place</option>' in content
    assert 'maxlength="2000"' in content
    assert 'name="csrfmiddlewaretoken"' in content
    # Every input has a label.
    for input_id in re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', content):
        assert f'for="{input_id}"' in content, input_id


def test_form_says_emergency_and_not_to_point_out_people_before_the_fields(client, survey):
    content = client.get(url(survey, language="en")).content.decode()
    form_start = content.index('class="survey-form"')
    assert content.index(EMERGENCY) < form_start
    assert "Do not name or point out any person" in content[:form_start]


def test_form_in_swedish_uses_the_existing_emergency_translation(client, survey):
    content = client.get(url(survey)).content.decode()
    form_start = content.index('class="survey-form"')
    assert content.index("Akut? Ring 112. Tips om brott: 114 14 eller polisen.se.") < form_start


def test_form_shows_the_open_and_close_dates(client, survey):
    content = client.get(url(survey, language="en")).content.decode()
    assert survey.closes_at.astimezone(timezone.get_current_timezone()).strftime("%Y") in content
    assert "Open from" in content and "Open until" in content


def test_honeypot_is_a_visually_hidden_labelled_field(client, survey):
    content = client.get(url(survey, language="en")).content.decode()
    field = re.search(r'<input[^>]*name="homepage"[^>]*>', content).group(0)
    assert 'autocomplete="off"' in field and 'tabindex="-1"' in field
    assert '<label for="survey-homepage">Leave this field empty</label>' in content
    assert '<div class="visually-hidden">\n    <label for="survey-homepage">' in content


def test_page_has_no_inline_script_style_or_handlers(client, survey):
    content = client.get(url(survey, language="en")).content.decode()
    assert "<script" not in content
    assert "style=" not in content
    assert not re.search(r"\son[a-z]+=", content)


def test_choice_question_without_options_is_left_out_of_the_form(client, vaggeryd):
    survey = make_survey(vaggeryd, questions=[(Kind.SINGLE, "Tom fråga?", [])])
    content = client.get(url(survey, language="en")).content.decode()
    assert "Tom fråga?" not in content


# Happy path ------------------------------------------------------------------------------


def test_answer_stores_one_response_with_the_right_answers(client, survey, skillingaryd):
    response = post(client, survey, valid_post(survey, place=skillingaryd))
    assert response.status_code == 302
    assert response["Location"] == url(survey, "survey_thanks", language="en")
    saved = Response.objects.get()
    answers = {
        (a.question.kind, a.option_id, a.scale, a.place_id, a.text) for a in saved.answers.all()
    }
    single, multiple = options(survey), options(survey, Kind.MULTIPLE)
    assert answers == {
        (Kind.SINGLE, single[0].pk, None, None, ""),
        (Kind.MULTIPLE, multiple[0].pk, None, None, ""),
        (Kind.MULTIPLE, multiple[2].pk, None, None, ""),
        (Kind.SCALE, None, 4, None, ""),
        (Kind.PLACE, None, None, skillingaryd.pk, ""),
        (Kind.TEXT, None, None, None, "Mer belysning vid stationen."),
    }
    assert all(a.survey_id == survey.pk for a in saved.answers.all())


def test_other_place_is_stored_as_text_without_a_place(client, survey):
    post(client, survey, valid_post(survey))
    answer = Answer.objects.get(question__kind=Kind.PLACE)
    assert answer.place is None and answer.text == "Vid stationen"


def test_typing_another_place_without_choosing_other_counts_as_other(client, survey):
    q = question(survey, Kind.PLACE)
    post(client, survey, valid_post(survey, **{f"q{q.pk}": "", f"q{q.pk}-other": "Torget"}))
    assert Answer.objects.get(question=q).text == "Torget"


def test_optional_questions_may_be_left_empty(client, vaggeryd):
    survey = make_survey(vaggeryd, required=False)
    response = post(client, survey, {})
    assert response.status_code == 302
    assert stored() == (1, 0)


def test_thanks_page_thanks_and_tells_when_results_come(client, survey):
    response = client.get(url(survey, "survey_thanks", language="en"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Thank you for your answer" in content
    assert "The results are published here when the survey closes on" in content


def test_thanks_page_accepts_only_get(client, survey):
    assert client.post(url(survey, "survey_thanks")).status_code == 405


# Bad input -------------------------------------------------------------------------------


def test_missing_required_answer_is_marked_next_to_the_field(client, survey):
    q = question(survey, Kind.SINGLE)
    data = valid_post(survey)
    del data[f"q{q.pk}"]
    response = post(client, survey, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert stored() == (0, 0)
    first_radio = f"q{q.pk}-0"
    assert f'<p class="field-error" id="q{q.pk}-error">{REQUIRED}</p>' in content
    assert f'aria-describedby="q{q.pk}-error"' in content
    assert re.search(rf'<input type="radio" id="{first_radio}"[^>]*aria-invalid="true"', content)
    summary = content[content.index('class="notice notice-error error-summary" role="alert"') :]
    assert f'<a href="#{first_radio}"><span lang="sv">{q.text}</span> – {REQUIRED}</a>' in summary
    # What was answered is kept.
    assert 'value="4" checked' in content


def test_missing_required_text_and_place_answers_are_marked(client, survey):
    text, place = question(survey, Kind.TEXT), question(survey, Kind.PLACE)
    data = valid_post(survey, **{f"q{text.pk}": "  ", f"q{place.pk}": ""})
    data[f"q{place.pk}-other"] = ""
    content = post(client, survey, data).content.decode()
    assert f'<a href="#q{text.pk}"><span lang="sv">{text.text}</span> – {REQUIRED}</a>' in content
    assert f'<a href="#q{place.pk}"><span lang="sv">{place.text}</span> – {REQUIRED}</a>' in content
    assert re.search(rf'<textarea id="q{text.pk}"[^>]*aria-invalid="true"', content)
    assert re.search(rf'<select id="q{place.pk}"[^>]*aria-invalid="true"', content)
    assert stored() == (0, 0)


@pytest.mark.parametrize("kind", [Kind.SINGLE, Kind.MULTIPLE])
def test_option_of_another_question_is_refused(client, survey, kind):
    q = question(survey, kind)
    foreign = options(survey, Kind.MULTIPLE if kind == Kind.SINGLE else Kind.SINGLE)[0]
    response = post(client, survey, valid_post(survey, **{f"q{q.pk}": str(foreign.pk)}))
    assert response.status_code == 400
    assert stored() == (0, 0)
    assert f'id="q{q.pk}-error"' in response.content.decode()


@pytest.mark.parametrize("value", ["0", "6", "-1", "3.5", "tre", ""])
def test_scale_outside_one_to_five_is_refused(client, survey, value):
    q = question(survey, Kind.SCALE)
    response = post(client, survey, valid_post(survey, **{f"q{q.pk}": value}))
    assert response.status_code == 400
    assert stored() == (0, 0)


def test_place_of_another_kommun_is_refused(client, survey):
    torpa = Place.objects.create(municipality=kommun("Vänersborg"), name="Torpa")
    q = question(survey, Kind.PLACE)
    response = post(client, survey, valid_post(survey, place=torpa))
    assert response.status_code == 400
    assert stored() == (0, 0)
    assert "Torpa" not in response.content.decode()
    assert f'id="q{q.pk}-error"' in response.content.decode()


def test_oversized_text_is_refused_with_the_limit(client, survey):
    q = question(survey, Kind.TEXT)
    response = post(client, survey, valid_post(survey, **{f"q{q.pk}": "x" * 2001}))
    assert response.status_code == 400
    assert stored() == (0, 0)
    assert "Write at most 2000 characters (you wrote 2001)." in response.content.decode()


def test_oversized_other_place_is_refused(client, survey):
    q = question(survey, Kind.PLACE)
    response = post(client, survey, valid_post(survey, **{f"q{q.pk}-other": "x" * 151}))
    assert response.status_code == 400
    assert f'<a href="#q{q.pk}-other">' in response.content.decode()
    assert stored() == (0, 0)


def test_null_character_is_refused_not_a_500(client, survey):
    q = question(survey, Kind.TEXT)
    response = post(client, survey, valid_post(survey, **{f"q{q.pk}": "a\x00b"}))
    assert response.status_code == 400
    assert stored() == (0, 0)


def test_html_in_every_field_is_stored_as_text_and_shown_escaped(client, survey):
    script = "<script>alert(1)</script>"
    text, place = question(survey, Kind.TEXT), question(survey, Kind.PLACE)
    single = question(survey, Kind.SINGLE)
    data = valid_post(survey, **{f"q{text.pk}": script, f"q{place.pk}-other": script})
    # Re-shown escaped when another answer is wrong…
    bad = {**data, f"q{single.pk}": script}
    content = post(client, survey, bad).content.decode()
    assert script not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert stored() == (0, 0)
    # …and stored as the text it is.
    assert post(client, survey, data).status_code == 302
    assert Answer.objects.get(question=text).text == script
    assert Answer.objects.get(question=place).text == script


def test_repeated_checkbox_is_one_answer(client, survey):
    q = question(survey, Kind.MULTIPLE)
    first = options(survey, Kind.MULTIPLE)[0]
    post(client, survey, valid_post(survey, **{f"q{q.pk}": [str(first.pk), str(first.pk)]}))
    assert Answer.objects.filter(question=q).count() == 1


def test_question_of_another_survey_in_the_post_is_ignored(client, survey, vaggeryd):
    other = make_survey(vaggeryd, slug="annan")
    assert post(client, survey, {**valid_post(other), **valid_post(survey)}).status_code == 302
    assert not Answer.objects.filter(question__survey=other).exists()
    assert Answer.objects.filter(survey=survey).count() == 6


# Closed, future, unpublished -------------------------------------------------------------


def test_closed_survey_says_so_and_links_to_public_results(client, vaggeryd):
    survey = make_survey(vaggeryd, state="closed")
    response = client.get(url(survey, language="en"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "This survey closed on" in content
    assert url(survey, "survey_results", language="en") in content
    assert 'class="survey-form"' not in content


def test_closed_survey_with_later_results_says_when(client, vaggeryd):
    later = timezone.now() + datetime.timedelta(days=10)
    survey = make_survey(vaggeryd, state="closed", results_published_at=later)
    content = client.get(url(survey, language="en")).content.decode()
    assert "The results are published here on" in content
    assert url(survey, "survey_results", language="en") not in content


def test_post_to_closed_survey_stores_nothing(client, vaggeryd):
    survey = make_survey(vaggeryd, state="closed")
    response = post(client, survey, valid_post(survey))
    assert response.status_code == 400
    assert "This survey closed on" in response.content.decode()
    assert stored() == (0, 0)


def test_future_survey_says_when_it_opens_and_refuses_answers(client, vaggeryd):
    survey = make_survey(vaggeryd, state="future")
    response = client.get(url(survey, language="en"))
    assert response.status_code == 200
    assert "This survey is not open yet. It opens on" in response.content.decode()
    response = post(client, survey, valid_post(survey))
    assert response.status_code == 400
    assert stored() == (0, 0)


def test_unpublished_survey_is_not_found(client, vaggeryd):
    survey = make_survey(vaggeryd, is_published=False)
    for name in ["survey_detail", "survey_thanks", "survey_results"]:
        assert client.get(url(survey, name)).status_code == 404
    assert post(client, survey, valid_post(survey)).status_code == 404
    assert stored() == (0, 0)


def test_survey_under_another_kommun_slug_is_not_found(client, survey):
    assert client.get(url(survey).replace("/vaggeryd/", "/vanersborg/")).status_code == 404


def test_detail_refuses_other_methods(client, survey):
    assert client.put(url(survey)).status_code == 405


# Spam, rate limit, one answer per browser ------------------------------------------------


def test_filled_honeypot_stores_nothing_but_looks_like_success(client, survey):
    response = post(client, survey, valid_post(survey, homepage="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == url(survey, "survey_thanks", language="en")
    assert stored() == (0, 0)


def test_rate_limit_stops_a_client_that_posts_too_often(client, survey, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    assert post(client, survey, {}).status_code == 400
    assert post(client, survey, {}).status_code == 400
    response = post(client, survey, valid_post(survey))
    assert response.status_code == 429
    assert stored() == (0, 0)
    # Another client is not affected.
    other = Client(REMOTE_ADDR="192.0.2.10")
    assert other.post(url(survey), valid_post(survey)).status_code == 302


def test_answer_sets_a_signed_httponly_lax_cookie_until_closing(client, survey):
    response = post(client, survey, valid_post(survey))
    cookie = response.cookies[f"survey-{survey.pk}"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    until_close = (survey.closes_at - timezone.now()).total_seconds()
    assert until_close - 60 < cookie["max-age"] <= until_close
    assert "answered" in cookie.value and cookie.value != "answered"  # signed


def test_second_answer_from_the_same_browser_is_refused(client, survey):
    assert post(client, survey, valid_post(survey)).status_code == 302
    response = post(client, survey, valid_post(survey))
    assert response.status_code == 400
    assert "You have already answered this survey" in response.content.decode()
    assert Response.objects.count() == 1
    page = client.get(url(survey, language="en")).content.decode()
    assert "You have already answered this survey" in page
    assert 'class="survey-form"' not in page


def test_forged_cookie_is_not_taken_for_an_answer(client, survey):
    client.cookies[f"survey-{survey.pk}"] = "answered"
    assert 'class="survey-form"' in client.get(url(survey, language="en")).content.decode()


def test_cookie_of_one_survey_does_not_block_another(client, survey, vaggeryd):
    other = make_survey(vaggeryd, slug="annan")
    post(client, survey, valid_post(survey))
    assert post(client, other, valid_post(other)).status_code == 302
    assert Response.objects.count() == 2


def test_rejected_spam_and_errors_set_no_cookie(client, survey):
    assert f"survey-{survey.pk}" not in post(client, survey, {}).cookies
    response = post(client, survey, valid_post(survey, homepage="x"))
    assert f"survey-{survey.pk}" not in response.cookies


# Atomicity -------------------------------------------------------------------------------


def test_a_failing_answer_stores_nothing(client, survey, monkeypatch):
    def answers_with_a_bad_row(form):
        rows = original(form)
        rows[-1].scale = 9  # refused by the database's check constraint
        return rows

    original = SurveyForm.answers
    monkeypatch.setattr(SurveyForm, "answers", answers_with_a_bad_row)
    response = post(client, survey, valid_post(survey))
    assert response.status_code == 400
    assert "Nothing was stored" in response.content.decode()
    assert stored() == (0, 0)
    assert f"survey-{survey.pk}" not in response.cookies


def test_form_save_is_all_or_nothing(survey, monkeypatch):
    form = SurveyForm(survey, survey.questions.all(), [], data=valid_post(survey))
    assert form.is_valid()

    def fail(*args, **kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(Answer.objects, "bulk_create", fail)
    with pytest.raises(IntegrityError):
        form.save()
    assert stored() == (0, 0)


# Query counts ----------------------------------------------------------------------------


def count_queries(client, path, method="get", data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, data) if data else getattr(client, method)(path)
    assert response.status_code in (200, 302)
    return len(queries)


def test_form_page_queries_do_not_grow_with_questions_or_responses(client, vaggeryd, skillingaryd):
    small = make_survey(vaggeryd, slug="liten", questions=many_questions(2 + 3))
    large = make_survey(vaggeryd, slug="stor", questions=many_questions(10))
    Place.objects.create(municipality=vaggeryd, name="Vaggeryd")
    for _ in range(5):
        add_response(large)
    assert count_queries(client, url(small)) == count_queries(client, url(large))


def test_answering_queries_do_not_grow_with_questions(vaggeryd, skillingaryd):
    small = make_survey(vaggeryd, slug="liten")
    large = make_survey(vaggeryd, slug="stor", questions=many_questions(15))
    small_count = count_queries(Client(), url(small), "post", valid_post(small))
    large_count = count_queries(Client(), url(large), "post", valid_post(large))
    assert small_count == large_count


def test_answer_without_csrf_token_is_refused(survey):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url(survey), valid_post(survey))
    assert response.status_code == 403
    assert stored() == (0, 0)
