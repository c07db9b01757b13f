"""A public form sent with mistakes says so first: in the title, at the top of the content, in
the order of the fields, each error linked to its field (what the browser shows and where focus
goes is in test_form_errors_browser.py)."""

import re

import pytest

from dialogue.tests.test_place_reports import url as report_url
from dialogue.tests.test_place_reports import valid_data
from dialogue.tests.test_surveys_helpers import Kind, make_survey, question, valid_post
from dialogue.tests.test_surveys_helpers import url as survey_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vaggeryd_reads_reports")]

SUMMARY = 'id="felsammanfattning"'
SCRIPT = "js/error-summary.js"


def title(content):
    return re.search(r"<title>(.*?)</title>", content, re.S).group(1)


def summary_links(content):
    summary = content[content.index(SUMMARY) : content.index("</div>", content.index(SUMMARY))]
    return re.findall(r'<a href="#([^"]+)">', summary)


def test_report_form_with_errors_says_error_first_in_the_title(client):
    response = client.post(report_url("report_form"), valid_data(category=""))
    assert response.status_code == 400
    assert title(response.content.decode()).startswith("Fel: Rapportera en otrygg plats")
    english = client.post(report_url("report_form", language="en"), valid_data(category=""))
    assert title(english.content.decode()).startswith("Error: Report an unsafe place")


def test_report_form_without_errors_has_no_summary_title_or_script(client):
    content = client.get(report_url("report_form")).content.decode()
    assert not title(content).startswith("Fel:")
    assert SUMMARY not in content
    assert SCRIPT not in content


def test_report_errors_come_in_the_order_of_the_fields(client):
    # clean() finds the missing place after every field has been checked: it is still first.
    data = valid_data(place_text="", category="", contact_email="x", contact_phone="abc")
    content = client.post(report_url("report_form"), data).content.decode()
    assert summary_links(content) == [
        "id_place_text",
        "id_category_0",
        "id_contact_email",
        "id_contact_phone",
    ]
    for anchor in summary_links(content):
        assert f'id="{anchor}"' in content


def test_report_summary_comes_before_the_heading_and_the_rules(client):
    content = client.post(report_url("report_form"), valid_data(category="")).content.decode()
    main = content[content.index('<main id="innehall"') :]
    assert main.index(SUMMARY) < main.index("<h1>") < main.index("report-rules")
    summary_tag = re.search(r"<div [^>]*" + SUMMARY + r"[^>]*>", content).group(0)
    assert 'tabindex="-1"' in summary_tag and 'role="alert"' in summary_tag
    assert f'<script src="/static/{SCRIPT}" defer></script>' in content


def test_rate_limited_report_is_an_error_at_the_top(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    client.post(report_url("report_form"), valid_data())
    response = client.post(report_url("report_form", language="en"), valid_data())
    assert response.status_code == 429
    content = response.content.decode()
    assert title(content).startswith("Error: ")
    main = content[content.index('<main id="innehall"') :]
    assert main.index("Too many reports in a short time") < main.index("<h1>")


@pytest.fixture
def survey(vaggeryd, skillingaryd):
    return make_survey(vaggeryd)


def test_survey_with_errors_says_error_first_in_the_title(client, survey):
    data = valid_post(survey)
    del data[f"q{question(survey, Kind.SINGLE).pk}"]
    response = client.post(survey_url(survey), data)
    assert response.status_code == 400
    assert title(response.content.decode()).startswith("Fel: Trygghetsenkät")
    english = client.post(survey_url(survey, language="en"), data)
    assert title(english.content.decode()).startswith("Error: Trygghetsenkät")
    unsent = client.get(survey_url(survey)).content.decode()
    assert title(unsent).startswith("Trygghetsenkät")


def test_survey_summary_is_first_in_the_content_and_in_question_order(client, survey):
    single, text = question(survey, Kind.SINGLE), question(survey, Kind.TEXT)
    data = valid_post(survey, **{f"q{text.pk}": ""})
    del data[f"q{single.pk}"]
    content = client.post(survey_url(survey), data).content.decode()
    main = content[content.index('<main id="innehall"') :]
    assert main.index(SUMMARY) < main.index("<h1>") < main.index("survey-safety")
    links = summary_links(content)
    assert links == [f"q{single.pk}-0", f"q{text.pk}"]
    assert single.order < text.order
    assert f'<script src="/static/{SCRIPT}" defer></script>' in content
