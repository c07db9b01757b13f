"""What only a real browser shows: axe-core accessibility, keyboard use, 320 px, no JavaScript.

The pages are served by Django's live server with the demo data, and driven in Chromium.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache

from followup.demo import load_follow_up_demo
from organisations.reference import load_reference_data
from pledges.demo import load_demo_data

from .browser import WCAG_TAGS, launch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


PUBLIC_PAGES = [
    "/",
    "/?q=vaggeryd",
    "/?q=atlantis",
    "/?q=" + "x" * 150,
    "/kommuner/",
    "/kommuner/vaggeryd/",
    "/kommuner/gnosjo/",
    "/medborgarloften/vaggeryd-2022/",
    "/medborgarloften/vaggeryd-2021/",
    "/medborgarloften/vanersborg-2021/",
    "/medborgarloften/vaggeryd-2022/uppfoljning/2022-t2/",
    "/medborgarloften/vaggeryd-2021/uppfoljning/2021-t3/",
    "/tillganglighet/",
    "/personuppgifter/",
    "/finns-inte/",
    "/en/",
    "/en/medborgarloften/vaggeryd-2022/",
]


class BrowserWithTimeout:
    """New contexts fail fast: a missing element should not cost half a minute."""

    def __init__(self, chromium):
        self.chromium = chromium

    def new_context(self, **options):
        context = self.chromium.new_context(**options)
        context.set_default_timeout(10_000)
        return context

    def close(self):
        self.chromium.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
    # and the database flush between tests are synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = launch(playwright)
            yield BrowserWithTimeout(chromium)
            chromium.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def site(live_server):
    load_reference_data()
    load_demo_data(create_users=True)
    load_follow_up_demo(create_users=True)
    cache.clear()
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page):
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    assert results.violations_count == 0, results.generate_report()


def test_every_public_page_has_no_axe_violations_and_fits_320_px(site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    failures = []
    for path in PUBLIC_PAGES:
        response = page.goto(site + path)
        assert response.status in (200, 404), path
        results = Axe().run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        if results.violations_count:
            failures.append(f"{path}:\n{results.generate_report()}")
        overflow = page.evaluate("document.documentElement.scrollWidth")
        if overflow > 320:
            failures.append(f"{path}: page is {overflow} px wide at a 320 px viewport")
    context.close()
    assert not failures, "\n".join(failures)


def test_pages_have_no_axe_violations_at_desktop_width(site, page):
    for path in ["/", "/medborgarloften/vaggeryd-2022/", "/kommuner/vaggeryd/"]:
        page.goto(site + path)
        assert_accessible(page)


def test_feedback_thanks_and_errors_are_accessible(site, page):
    page.goto(site + "/medborgarloften/vaggeryd-2022/")
    page.get_by_label("Ja").check()
    page.get_by_role("button", name="Skicka").click()
    assert page.url.endswith("/medborgarloften/vaggeryd-2022/#sidfeedback")
    assert page.get_by_role("status").filter(has_text="Tack").is_visible()
    assert_accessible(page)

    page.get_by_label("Vad kan vi förbättra?").fill("x" * 1200)
    page.get_by_role("button", name="Skicka").click()
    assert page.get_by_text("högst 1000 tecken").first.is_visible()
    assert_accessible(page)


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(site, page):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "innehall"


def test_search_and_feedback_work_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    page.get_by_label("Kommunnamn").fill("vanersb")
    page.get_by_role("button", name="Sök").click()
    page.get_by_role("status").get_by_role("link", name="Vänersborg").click()
    assert page.url.endswith("/kommuner/vanersborg/")
    page.get_by_role("link", name="Medborgarlöfte Vänersborg 2021").first.click()
    assert page.locator("h1").inner_text() == "Medborgarlöfte Vänersborg 2021"
    page.get_by_label("Nej").check()
    page.get_by_role("button", name="Skicka").click()
    assert page.get_by_text("Tack för att du hjälper oss").is_visible()
    context.close()


def test_police_approves_a_draft_in_the_admin_and_residents_see_it(site, page):
    from pledges.models import Pledge

    Pledge.objects.filter(slug="vaggeryd-2022").update(status=Pledge.Status.DRAFT)
    pledge = Pledge.objects.get(slug="vaggeryd-2022")
    pledge.approvals.filter(side="police").update(is_active=False)
    assert page.goto(site + "/medborgarloften/vaggeryd-2022/").status == 404

    page.goto(site + "/admin/")
    page.get_by_label("Användarnamn").fill("polis.varnamo")
    page.get_by_label("Lösenord").fill("medborgarlofte")
    page.get_by_role("button", name="Logga in").click()
    page.goto(site + f"/admin/pledges/pledge/{pledge.pk}/change/")
    page.get_by_role("button", name="Godkänn för polisen").click()
    page.screenshot(path="/tmp/approve.png", full_page=True)
    assert "publicerat" in page.locator(".messagelist").inner_text()

    public = page.context.browser.new_context().new_page()
    assert public.goto(site + "/medborgarloften/vaggeryd-2022/").status == 200
    public.context.close()


def log_in(page, site, username):
    page.goto(site + "/admin/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("medborgarlofte")
    page.get_by_role("button", name="Logga in").click()


def test_police_draft_and_publish_a_follow_up_that_residents_then_see(site, page, browser):
    from pledges.models import Pledge

    pledge = Pledge.objects.get(slug="vaggeryd-2021")
    log_in(page, site, "polis.varnamo")
    page.goto(site + "/admin/followup/followupreport/")
    assert page.get_by_text("Uppföljningar att publicera").is_visible()
    page.goto(site + f"/admin/followup/followupreport/add/?pledge={pledge.pk}&year=2021&tertial=1")
    page.get_by_label("Sammanfattning").fill("Första tertialen: planering och samråd.")
    page.locator("input[name='_continue']").click()
    page.locator("select[name='updates-0-status']").select_option("in_progress")
    page.locator("textarea[name='updates-0-narrative']").fill("Vandringarna är planerade.")
    page.locator("input[name='_continue']").click()
    page.get_by_role("button", name="Publicera uppföljningen").click()
    assert "publicerad" in page.locator(".messagelist").inner_text()

    resident = browser.new_context()
    public = resident.new_page()
    public.goto(site + "/medborgarloften/vaggeryd-2021/")
    public.get_by_role("link", name="Uppföljning T1 2021 (januari–april)").click()
    assert public.get_by_text("Vandringarna är planerade.").is_visible()
    assert_accessible(public)
    feed = public.goto(site + "/uppfoljningar/atom/").text()
    assert "/medborgarloften/vaggeryd-2021/uppfoljning/2021-t1/" in feed
    resident.close()


def test_report_page_prints_without_navigation(site, page):
    page.goto(site + "/medborgarloften/vaggeryd-2022/uppfoljning/2022-t2/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header nav").is_visible()
    assert not page.locator("#sidfeedback").is_visible()
    assert page.locator("h1").is_visible()
