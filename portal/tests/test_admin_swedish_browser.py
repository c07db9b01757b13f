"""In Chromium at 1280 px: the admin's main lists and forms fit without scrolling sideways, the
server-time notes stay hidden, and the history pages pass axe-core."""

import pytest
from django.contrib.auth import get_user_model

from pledges.models import Pledge
from portal.tests.browser import accessibility_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "test-password-123"

# Any box that scrolls sideways inside the page (Django wraps lists in one) counts too.
SIDEWAYS = """() => {
    const found = [];
    const page = document.documentElement;
    if (page.scrollWidth > page.clientWidth) found.push(`page ${page.scrollWidth} px wide`);
    for (const el of document.querySelectorAll("#content *")) {
        const overflow = getComputedStyle(el).overflowX;
        if ((overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1) {
            const name = el.id || el.className || el.tagName;
            found.push(`${name} ${el.scrollWidth} > ${el.clientWidth}`);
        }
    }
    return found;
}"""


@pytest.fixture
def admin_page(site, browser):
    get_user_model().objects.create_superuser("portaladmin", "admin@example.se", PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + "/admin/login/")
    page.get_by_label("Användarnamn").fill("portaladmin")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    yield site, page
    context.close()


def test_main_admin_pages_fit_1280_px(admin_page):
    site, page = admin_page
    pledge = Pledge.objects.order_by("pk").first()
    pages = [
        "/admin/pledges/pledge/",
        "/admin/followup/followupreport/",
        "/admin/dialogue/dialogueactivity/",
        "/admin/dialogue/placereport/",
        "/admin/dialogue/survey/",
        "/admin/dialogue/question/",
        "/admin/organisations/contactperson/",
        f"/admin/pledges/pledge/{pledge.pk}/change/",
        f"/admin/pledges/pledge/{pledge.pk}/history/",
        "/admin/dialogue/dialogueactivity/add/",
    ]
    problems = {}
    for path in pages:
        page.goto(site + path)
        assert page.locator("#content").count() == 1, path
        found = page.evaluate(SIDEWAYS)
        if found:
            problems[path] = found
    assert problems == {}


def test_server_time_notes_are_hidden(site, browser):
    get_user_model().objects.create_superuser("portaladmin", "admin@example.se", PASSWORD)
    # A browser in another time zone is what makes Django write "N hours ahead of server time".
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(site + "/admin/login/")
    page.get_by_label("Användarnamn").fill("portaladmin")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(site + "/admin/dialogue/dialogueactivity/add/")
    notes = page.locator(".timezonewarning")
    assert notes.count() > 0  # Django wrote them ...
    assert all(not notes.nth(i).is_visible() for i in range(notes.count()))  # ... unseen
    context.close()


def test_history_pages_pass_axe(admin_page):
    site, page = admin_page
    pledge = Pledge.objects.order_by("pk").first()
    page.goto(f"{site}/admin/pledges/pledge/{pledge.pk}/history/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Historik: ")
    problems = accessibility_problems(page)
    assert not problems, problems
    page.locator("#change-history tbody th a").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Tidigare version: ")
    problems = accessibility_problems(page)
    assert not problems, problems
