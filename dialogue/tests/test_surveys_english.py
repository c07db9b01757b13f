"""Surveys in English: staff's English version on the English pages, marked lang="en"; Swedish
content there marked lang="sv" with a note where the survey is only in Swedish; answers in
either language counted as one survey; the English texts fixed from the first English answer.
"""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from dialogue.demo.surveys import load_survey_demo
from dialogue.models import Option, Question, Response, Survey
from dialogue.results import survey_results
from dialogue.tests.test_surveys_helpers import (
    Kind,
    add_response,
    make_survey,
    options,
    question,
    url,
    valid_post,
)
from pledges.tests.test_demo_data import DAYS, load_demo_on

pytestmark = pytest.mark.django_db

ONLY_SWEDISH = "This survey is only in Swedish."
PARTLY_SWEDISH = "Parts of this survey are only in Swedish."

# The English version of the helpers' MIXED survey.
ENGLISH = {
    "Trygghetsenkät": "Safety survey",
    "Hur ofta går du ut på kvällen?": "How often do you go out in the evening?",
    "Ofta": "Often",
    "Ibland": "Sometimes",
    "Aldrig": "Never",
    "Vad gör dig tryggare?": "What makes you feel safer?",
    "Belysning": "Lighting",
    "Polis": "Police",
    "Grannar": "Neighbours",
    "Hur trygg känner du dig?": "How safe do you feel?",
    "Mycket otrygg": "Very unsafe",
    "Mycket trygg": "Very safe",
    "Var känner du dig otrygg?": "Where do you feel unsafe?",
    "Något mer?": "Anything else?",
}


def translate(survey):
    """Give the survey, its questions and options their English version (ENGLISH)."""
    Survey.objects.filter(pk=survey.pk).update(title_en=ENGLISH[survey.title])
    for q in survey.questions.all():
        q.text_en = ENGLISH[q.text]
        if q.kind == Kind.SCALE:
            q.scale_low_label_en = ENGLISH[q.scale_low_label]
            q.scale_high_label_en = ENGLISH[q.scale_high_label]
        q.save()
        for option in q.options.all():
            option.text_en = ENGLISH[option.text]
            option.save()
    survey.refresh_from_db()
    return survey


def in_english(response):
    Response.objects.filter(pk=response.pk).update(language=Response.Language.ENGLISH)
    return response


def main(content):
    """The page's <main>: what the page says, without the site's header and language switch."""
    return re.search(r"<main.*?</main>", content, re.S).group(0)


@pytest.fixture
def survey(vaggeryd):
    return make_survey(vaggeryd)


@pytest.fixture
def translated(survey):
    return translate(survey)


# What the pages show ------------------------------------------------------------------------


def test_english_page_shows_the_english_version_marked_english(client, translated):
    content = main(client.get(url(translated, language="en")).content.decode())
    assert '<h1 lang="en">Safety survey</h1>' in content
    single = question(translated, Kind.SINGLE)
    assert '<legend><span lang="en">How often do you go out in the evening?</span>' in content
    assert f'<label for="q{single.pk}-0" lang="en">Often</label>' in content
    assert 'lang="en">1 – Very unsafe</label>' in content
    assert '<span lang="en">Anything else?</span>' in content
    assert "Hur ofta går du ut" not in content and "Mycket otrygg" not in content
    assert ONLY_SWEDISH not in content and PARTLY_SWEDISH not in content


def test_untranslated_survey_says_it_is_only_in_swedish_and_marks_it(client, survey):
    content = main(client.get(url(survey, language="en")).content.decode())
    assert ONLY_SWEDISH in content
    assert '<h1 lang="sv">Trygghetsenkät</h1>' in content
    assert '<legend><span lang="sv">Hur ofta går du ut på kvällen?</span>' in content
    assert 'lang="sv">Ofta</label>' in content
    # Only the interface's own words are English.
    assert set(re.findall(r'lang="en">([^<]*)', content)) == {"Choose a place", "Other place"}


def test_partly_translated_survey_marks_each_piece_in_its_language(client, survey):
    single = question(survey, Kind.SINGLE)
    single.text_en = "How often do you go out in the evening?"
    single.save()
    content = main(client.get(url(survey, language="en")).content.decode())
    assert PARTLY_SWEDISH in content
    assert '<span lang="en">How often do you go out in the evening?</span>' in content
    assert 'lang="sv">Ofta</label>' in content  # its options have no English version
    assert '<span lang="sv">Vad gör dig tryggare?</span>' in content


def test_swedish_page_never_shows_english_nor_marks_content(client, translated):
    content = main(client.get(url(translated)).content.decode())
    assert "Hur ofta går du ut på kvällen?" in content
    for english in ENGLISH.values():
        assert english not in content
    assert " lang=" not in content
    assert ONLY_SWEDISH not in content and "bara på svenska" not in content


def test_results_in_english_show_english_texts_and_chart_language(client, vaggeryd):
    closed = translate(make_survey(vaggeryd, slug="stangd", state="closed"))
    add_response(closed, single=1)
    in_english(add_response(closed, single=1))
    content = main(client.get(url(closed, "survey_results", language="en")).content.decode())
    assert '<h2 id="fraga-1" lang="en">How often do you go out in the evening?</h2>' in content
    assert '<th scope="row" lang="en">Sometimes</th><td>2</td><td>100 %</td>' in content
    assert '<figure class="key-figure" lang="en">' in content
    assert "<title" in content and "How often do you go out in the evening?</title>" in content


def test_results_of_an_untranslated_survey_mark_the_chart_swedish(client, vaggeryd):
    closed = make_survey(vaggeryd, slug="stangd", state="closed")
    add_response(closed, single=1)
    content = main(client.get(url(closed, "survey_results", language="en")).content.decode())
    assert ONLY_SWEDISH in content
    assert '<figure class="key-figure" lang="sv">' in content
    assert '<th scope="row" lang="sv">Ibland</th>' in content


def test_thank_you_page_marks_the_title_in_its_sentence(client, translated, survey):
    content = main(client.get(url(translated, "survey_thanks", language="en")).content.decode())
    assert 'Your answers to “<span lang="en">Safety survey</span>” have been received.' in content


# Answering in English -----------------------------------------------------------------------


def test_english_answer_is_saved_as_english_and_counted_with_the_swedish(
    client, translated, skillingaryd
):
    response = client.post(url(translated, language="en"), valid_post(translated))
    assert response.status_code == 302
    assert Response.objects.get().language == Response.Language.ENGLISH
    client.cookies.clear()
    assert client.post(url(translated), valid_post(translated)).status_code == 302
    assert sorted(translated.responses.values_list("language", flat=True)) == ["en", "sv"]
    # One survey: the same questions and options, the answers counted together.
    single = next(r for r in survey_results(translated) if r.question.kind == Kind.SINGLE)
    assert single.respondents == 2
    assert [row.count for row in single.rows] == [2, 0, 0]


def test_bad_input_on_the_english_page_lists_the_english_questions(client, translated):
    data = valid_post(translated)
    single, text = question(translated, Kind.SINGLE), question(translated, Kind.TEXT)
    del data[f"q{single.pk}"]
    data[f"q{text.pk}"] = ""
    response = client.post(url(translated, language="en"), data)
    assert response.status_code == 400
    content = response.content.decode()
    summary = re.search(r'<div class="notice notice-error error-summary".*?</div>', content, re.S)
    summary = summary.group(0)
    assert "Your answer was not sent" in summary
    assert (
        f'<a href="#q{single.pk}-0">How often do you go out in the evening? – '
        "Answer this question.</a>"
    ) in summary
    assert f'<a href="#q{text.pk}">Anything else? – Answer this question.</a>' in summary
    assert "Hur ofta" not in summary
    assert not Response.objects.exists()


def test_answer_on_the_swedish_page_is_swedish(client, survey):
    assert client.post(url(survey), valid_post(survey)).status_code == 302
    assert Response.objects.get().language == Response.Language.SWEDISH


# The rule: English texts fixed from the first English answer --------------------------------


def test_english_texts_may_be_added_after_answers_in_swedish(survey):
    add_response(survey)
    translate(survey)  # saves every question and option: refused if the rule were stricter
    survey.title_en = "Safety survey, corrected"
    survey.full_clean()
    assert question(survey, Kind.SINGLE).text_en == "How often do you go out in the evening?"
    assert options(survey)[0].text_en == "Often"


def test_english_texts_are_fixed_once_answered_in_english(translated):
    in_english(add_response(translated))
    single = question(translated, Kind.SINGLE)
    single.text_en = "How seldom do you go out?"
    with pytest.raises(ValidationError, match="redan svar på engelska"):
        single.save()
    with pytest.raises(ValidationError, match="redan svar på engelska"):
        single.full_clean()
    option = options(translated)[0]
    option.text_en = "All the time"
    with pytest.raises(ValidationError, match="redan svar på engelska"):
        option.save()
    translated.title_en = "Another title"
    with pytest.raises(ValidationError, match="engelska titel och inledning"):
        translated.full_clean()
    assert Question.objects.get(pk=single.pk).text_en == "How often do you go out in the evening?"
    assert Option.objects.get(pk=option.pk).text_en == "Often"


def test_swedish_texts_stay_fixed_whatever_language_was_answered(translated):
    in_english(add_response(translated))
    single = question(translated, Kind.SINGLE)
    single.text = "Hur sällan går du ut?"
    with pytest.raises(
        ValidationError, match="frågor och svarsalternativ kan inte längre läggas till"
    ):
        single.save()
    with pytest.raises(ValidationError):
        single.delete()


def test_has_english_needs_every_text_a_respondent_reads(survey):
    with translation.override("en"):
        assert not survey.has_some_english()
        translate(survey)
        assert survey.has_english()
        option = options(survey, Kind.MULTIPLE)[1]
        option.text_en = ""
        option.save()
        assert not survey.has_english() and survey.has_some_english()


def test_shown_texts_follow_the_page_language(translated):
    single = question(translated, Kind.SINGLE)
    with translation.override("sv"):
        assert (single.shown_text(), single.shown_text().lang) == (single.text, "sv")
    with translation.override("en"):
        shown = single.shown_text()
        assert (shown, shown.lang) == ("How often do you go out in the evening?", "en")
        assert translated.shown_title().lang == "en"
        assert translated.shown_introduction().lang == "sv"  # no introduction in English


# The demo -----------------------------------------------------------------------------------


def test_demo_has_an_english_survey_and_a_swedish_only_one(client, monkeypatch):
    load_demo_on(monkeypatch, DAYS[0])
    open_survey = Survey.objects.open().get(municipality__name="Vänersborg")
    assert open_survey.has_english()
    english = open_survey.responses.filter(language=Response.Language.ENGLISH).count()
    assert 0 < english < open_survey.responses.count()
    vaggeryd = Survey.objects.get(slug="trygghetsundersokning-2021")
    assert not vaggeryd.has_some_english()
    assert not vaggeryd.responses.filter(language=Response.Language.ENGLISH).exists()
    # A second run adds nothing and changes nothing.
    english_texts = sorted(Question.objects.values_list("pk", "text_en"))
    assert load_survey_demo(DAYS[0]) == {}
    assert sorted(Question.objects.values_list("pk", "text_en")) == english_texts
    content = main(client.get(url(open_survey, language="en")).content.decode())
    assert '<h1 lang="en">Have your say on Sanden and Torpa</h1>' in content


def test_demo_adds_the_english_version_to_a_survey_loaded_without_it(monkeypatch):
    load_demo_on(monkeypatch, DAYS[0])
    open_survey = Survey.objects.open().get(municipality__name="Vänersborg")
    open_survey.responses.update(language=Response.Language.SWEDISH)
    Question.objects.filter(survey=open_survey).update(text_en="")
    Survey.objects.filter(pk=open_survey.pk).update(title_en="")
    load_survey_demo(DAYS[0])
    open_survey.refresh_from_db()
    assert open_survey.has_english()


def test_closing_date_is_all_that_moves_an_english_answered_survey(translated):
    """Moving the closing date later stays allowed once answered in English."""
    in_english(add_response(translated))
    translated.closes_at += datetime.timedelta(days=7)
    translated.full_clean()
