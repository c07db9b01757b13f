"""On /en/ pages a screen reader must read Swedish content with a Swedish voice (WCAG 3.1.2).

Every public page is opened in English in Chromium; each piece of text is read with the language
the browser gives it (the nearest ``lang``). Text that reads as English but is plainly Swedish
(it has several of the small words every Swedish sentence has) is a fault. The same crawl on the
Swedish pages finds no ``lang="en"`` content at all.
"""

import re

import pytest

from .browser import public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Words that are common in Swedish prose and are not English words ("under" is both).
SWEDISH_WORDS = {
    "och", "att", "som", "för", "med", "är", "på", "till", "inte", "vi", "det", "ska", "vid",
    "från", "eller", "hos", "har", "kommer", "våra", "vår", "ett", "av", "om", "mot",
}  # fmt: skip
WORD = re.compile(r"[a-zåäö]+")

# Each visible text in the main content, with the language the browser gives it.
TEXTS = """() => {
  const main = document.querySelector("main") || document.body;
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    const parent = node.parentElement;
    if (!text || !parent || parent.closest("script, style, template, [hidden]")) continue;
    const holder = parent.closest("[lang]");
    found.push({text, lang: holder ? holder.getAttribute("lang") : ""});
  }
  return found;
}"""


def looks_swedish(text):
    words = set(WORD.findall(text.lower()))
    return len(words & SWEDISH_WORDS) >= 2


def english_pages():
    paths = []
    for path in public_pages():
        if path.startswith("/api/"):
            continue
        english = path if path.startswith("/en/") else "/en" + path
        if english not in paths:
            paths.append(english)
    return paths


def test_swedish_content_on_english_pages_is_marked_swedish(site, page):
    faults = []
    for path in english_pages():
        page.goto(site + path)
        assert page.evaluate("document.documentElement.lang") == "en", path
        for item in page.evaluate(TEXTS):
            if item["lang"] != "sv" and looks_swedish(item["text"]):
                faults.append(f"{path}: lang={item['lang']!r}: {item['text'][:90]}")
    assert not faults, "Swedish text read as English:\n" + "\n".join(faults)


def test_swedish_pages_mark_no_content_as_english(site, page):
    for path in ["/medborgarloften/vaggeryd-2022/", "/dialog/vanersborg/enkater/sanden-och-torpa/"]:
        page.goto(site + path)
        marked = page.evaluate(
            "[...document.querySelectorAll('main [lang]')].map((el) => el.getAttribute('lang'))"
        )
        # The language switch's "In English" is in the header, not in the content.
        assert marked == [], (path, marked)


# The language each element gives its text, as a screen reader would switch voice.
LANG_OF = "(element) => element.closest('[lang]').getAttribute('lang')"


def test_english_survey_is_read_in_english_and_a_swedish_only_one_in_swedish(site, page):
    page.goto(site + "/en/dialog/vanersborg/enkater/sanden-och-torpa/")
    legends = page.locator("form fieldset legend span:first-child")
    assert legends.count() > 0
    for index in range(legends.count()):
        assert legends.nth(index).evaluate(LANG_OF) == "en"
    assert page.locator(".survey-language").count() == 0

    page.goto(site + "/en/dialog/vaggeryd/enkater/trygghetsundersokning-2021/")
    assert page.locator(".survey-language").inner_text() == "This survey is only in Swedish."
    assert page.locator("h1").evaluate(LANG_OF) == "sv"


def test_english_pledge_is_read_in_english_and_a_swedish_only_one_in_swedish(site, page):
    from pledges.models import Pledge

    vaggeryd = Pledge.objects.current().get(municipalities__slug="vaggeryd")
    page.goto(site + "/en" + vaggeryd.get_absolute_url())
    assert page.locator("h1").evaluate(LANG_OF) == "en"
    assert "citizen pledge" in page.locator("h1").inner_text()
    # The background and methods have no English field: the page says part is in Swedish.
    note = page.locator(".language-note").inner_text()
    assert note == "Parts of this pledge are only available in Swedish."

    page.goto(site + "/en/medborgarloften/vanersborg-2021/")
    assert page.locator("h1").evaluate(LANG_OF) == "sv"
    assert (
        page.locator(".language-note").inner_text() == "This pledge is only available in Swedish."
    )


def test_pages_written_only_in_swedish_say_so_on_english_pages(site, page):
    from dialogue.models import DialogueActivity, SituationPicture

    picture = SituationPicture.objects.published().order_by("pk").first()
    activity = DialogueActivity.objects.public().order_by("pk").first()
    for path, note in [
        ("/medborgarloften/vaggeryd-2022/uppfoljning/2022-t2/", "This follow-up is only"),
        (picture.get_absolute_url(), "This situation picture is only"),
        (activity.get_absolute_url(), "This activity is only described"),
    ]:
        page.goto(site + "/en" + path)
        assert page.locator(".language-note").inner_text().startswith(note), path
        page.goto(site + path)
        assert page.locator(".language-note").count() == 0, path
