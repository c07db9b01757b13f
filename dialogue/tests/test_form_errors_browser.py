"""After a failed submit of a public form, a resident on a phone hears and sees the errors first.

In Chromium at 390 × 844: focus is on the error summary, the title starts with "Fel:" ("Error:"
under /en/), the summary is on screen, its links follow the fields and reach them, and axe finds
nothing. Without JavaScript the summary is still the first thing on screen.
"""

import pytest

from portal.tests.browser import accessibility_problems

PHONE = {"width": 390, "height": 844}
SURVEY = "/dialog/vanersborg/enkater/sanden-och-torpa/"
REPORT = "/dialog/vaggeryd/otrygg-plats/"
SUMMARY = "#felsammanfattning"

# For each link of the summary: its target id, whether that is a form field, and whether each
# target comes after the one before it in the document.
LINKS = """() => {
  const links = [...document.querySelectorAll("#felsammanfattning a")];
  const targets = links.map((link) => document.getElementById(link.hash.slice(1)));
  return {
    ids: links.map((link) => link.hash.slice(1)),
    fields: targets.map((t) => Boolean(t && t.matches("input, select, textarea"))),
    inOrder: targets.slice(1).every((t, i) =>
      Boolean(targets[i].compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)),
  };
}"""


def phone(browser, javascript=True):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    return context, context.new_page()


def on_screen(page):
    box = page.locator(SUMMARY).bounding_box()
    return box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def assert_error_state(page, title_start, count):
    assert page.title().startswith(title_start), page.title()
    assert page.evaluate("document.activeElement.id") == SUMMARY[1:]
    assert on_screen(page), page.locator(SUMMARY).bounding_box()
    links = page.evaluate(LINKS)
    assert len(links["ids"]) == count, links
    assert all(links["fields"]), links
    assert links["inOrder"], links
    assert not accessibility_problems(page)


def send_survey(page, url):
    page.goto(url)
    page.locator("form.survey-form button[type=submit]").click()
    page.wait_for_load_state()


def send_bad_report(page, url):
    page.goto(url)
    page.locator("#id_contact_email").fill("inte en adress")
    page.locator("#id_contact_phone").fill("ring mig")
    page.locator("form.report-form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_empty_survey_moves_focus_to_the_summary_on_a_phone(site, browser):
    context, page = phone(browser)
    # Three required questions unanswered: two scales and "Hur ofta är du på Sanden?".
    send_survey(page, site + SURVEY)
    assert_error_state(page, "Fel: ", 3)
    send_survey(page, site + "/en" + SURVEY)
    assert_error_state(page, "Error: ", 3)
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_bad_report_moves_focus_to_the_summary_in_field_order(site, browser):
    context, page = phone(browser)
    # No place, no kind of problem, a bad e-mail and a bad phone number: the place comes first
    # although the form finds it missing last.
    send_bad_report(page, site + REPORT)
    assert_error_state(page, "Fel: ", 4)
    assert page.evaluate(LINKS)["ids"] == [
        "id_place",
        "id_category_0",
        "id_contact_email",
        "id_contact_phone",
    ]
    send_bad_report(page, site + "/en" + REPORT)
    assert_error_state(page, "Error: ", 4)
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_summary_link_brings_the_question_and_its_field(site, browser):
    context, page = phone(browser)
    send_bad_report(page, site + REPORT)
    page.locator(SUMMARY).get_by_role("link").nth(1).click()
    assert page.evaluate("document.activeElement.id") == "id_category_0"
    legend = page.locator("fieldset.report-choices legend").first.bounding_box()
    assert 0 <= legend["y"] < PHONE["height"]
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_summary_is_still_first_on_screen(site, browser):
    context, page = phone(browser, javascript=False)
    for send, url in [(send_survey, SURVEY), (send_bad_report, REPORT)]:
        send(page, site + url)
        assert page.title().startswith("Fel: ")
        assert page.evaluate("window.scrollY") == 0
        assert on_screen(page), url
        assert page.locator(SUMMARY).get_attribute("role") == "alert"
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_page_feedback_asks_its_question_on_the_kommun_page_only(site, browser):
    context, page = phone(browser)
    page.goto(site + "/kommuner/vaggeryd/")
    question = page.get_by_role("group", name="Hjälpte informationen på sidan dig?")
    assert question.is_visible()
    assert question.get_by_role("radio").count() == 2
    for path in [SURVEY, REPORT, REPORT + "tack/", "/prenumeration/kommun/vaggeryd/"]:
        page.goto(site + path)
        assert page.locator("#sidfeedback").count() == 0, path
    context.close()
