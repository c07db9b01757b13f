"""What only a real browser shows: axe-core accessibility, keyboard use, 320 px, no JavaScript.

The pages are served by Django's live server with the demo data, and driven in Chromium.
"""

import pytest

from .browser import accessibility_problems, layout_problems, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page):
    problems = accessibility_problems(page)
    assert not problems, problems


def test_every_public_page_has_no_axe_violations_and_fits_320_px(site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    failures = []
    for path in public_pages():
        response = page.goto(site + path)
        if response.status not in (200, 404):
            failures.append(f"{path}: status {response.status}")
        for problem in (accessibility_problems(page), layout_problems(page)):
            if problem:
                failures.append(f"{path}: {problem}")
    context.close()
    assert not failures, "\n".join(failures)


def test_forms_with_errors_have_no_axe_violations(site, page):
    failures = []
    for path in ["/dialog/vanersborg/enkater/sanden-och-torpa/", "/dialog/vaggeryd/otrygg-plats/"]:
        page.goto(site + path)
        page.locator("main form button[type=submit]").first.click()  # nothing filled in
        assert page.get_by_role("alert").first.is_visible(), path
        problem = accessibility_problems(page)
        if problem:
            failures.append(f"{path} with errors: {problem}")
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
    page.get_by_label("Sök kommun, ort eller postnummer").fill("vanersb")
    page.get_by_role("button", name="Sök").click()
    # One kommun matches: the search goes straight to it.
    assert page.url.endswith("/kommuner/vanersborg/")
    page.get_by_role("link", name="Medborgarlöfte Vänersborg 2021").first.click()
    assert page.locator("h1").inner_text() == "Medborgarlöfte Vänersborg 2021"
    page.get_by_label("Nej").check()
    page.get_by_role("button", name="Skicka").click()
    assert page.get_by_text("Tack för att du hjälper oss").is_visible()
    context.close()


def log_in(page, site, username):
    page.goto(site + "/admin/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("medborgarlofte")
    page.get_by_role("button", name="Logga in").click()


def test_police_draft_and_publish_a_follow_up_that_residents_then_see(site, page, browser):
    from pledges.models import Pledge

    pledge = Pledge.objects.get(slug="vaggeryd-2021")
    log_in(page, site, "polis.varnamo")
    page.goto(site + f"/admin/followup/followupreport/add/?pledge={pledge.pk}&year=2021&tertial=1")
    page.get_by_label("Sammanfattning").fill("Första tertialen: planering och samråd.")
    page.locator("input[name='_continue']").first.click()
    page.locator("select[name='updates-0-status']").select_option("in_progress")
    page.locator("textarea[name='updates-0-narrative']").fill("Vandringarna är planerade.")
    # Straight from the form: it is saved first and shown as residents will see it.
    page.locator("input[name='_publish']").click()
    assert page.get_by_text("Vandringarna är planerade.").is_visible()
    assert_accessible(page)
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


def test_resident_answers_a_survey_without_javascript_once(site, browser):
    from dialogue.models import Response

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/dialog/vanersborg/enkater/sanden-och-torpa/")
    form = page.locator("main form").first
    for name in set(form.locator("input[type=radio]").evaluate_all("els => els.map(e => e.name)")):
        form.locator(f"input[type=radio][name='{name}']").first.check()
    for name in set(
        form.locator("input[type=checkbox]").evaluate_all("els => els.map(e => e.name)")
    ):
        form.locator(f"input[type=checkbox][name='{name}']").first.check()
    for select in form.locator("select").all():
        select.select_option(index=1)
    for textarea in form.locator("textarea").all():
        textarea.fill("Mer belysning vid gångvägen.")
    before = Response.objects.count()
    form.locator("button[type=submit]").click()
    assert Response.objects.count() == before + 1
    assert "/tack/" in page.url
    page.goto(site + "/dialog/vanersborg/enkater/sanden-och-torpa/")
    form = page.locator("main form").first
    if form.count():  # a second try from the same browser stores nothing
        form.locator("button[type=submit]").click()
    assert Response.objects.count() == before + 1
    context.close()
