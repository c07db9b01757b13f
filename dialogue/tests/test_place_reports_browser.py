"""Reporting an unsafe place in a real browser: keyboard, error summary, no JavaScript.

Accessibility and HTML validity of these pages are checked with every other public page in
portal/tests/test_browser.py and test_html_validity.py.
"""

import pytest

from dialogue.models import PlaceReport

FORM = "/dialog/vaggeryd/otrygg-plats/"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_reports_with_the_keyboard_and_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(site + "/en" + FORM)
    page.get_by_role("button", name="Send report").click()

    # The error summary is announced and its links move focus to the fields.
    summary = page.get_by_role("alert")
    assert "Choose what kind of problem it is." in summary.inner_text()
    summary.get_by_role("link", name="Choose what kind of problem it is.").click()
    assert page.evaluate("document.activeElement.id") == "id_category_0"

    page.get_by_label("Place in the list").select_option(label="Vaggeryd")
    page.get_by_label("Lighting").check()
    page.get_by_label("What is the problem?").fill("Lampan i gångtunneln är trasig.")
    page.get_by_label("Evening").check()
    page.get_by_label("E-mail").fill("boende@example.se")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Send report").click()
    assert page.url.endswith("/en/dialog/vaggeryd/otrygg-plats/tack/")
    assert "only to answer you" in page.get_by_role("status").first.inner_text()
    report = PlaceReport.objects.get(description="Lampan i gångtunneln är trasig.")
    assert (report.place.name, report.category, report.status) == ("Vaggeryd", "lighting", "new")
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_honeypot_is_skipped_by_the_keyboard(site, browser):
    context = browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(site + "/en" + FORM)
    page.get_by_label("Phone").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    trap = page.locator("div.visually-hidden", has=page.locator("#id_website"))
    assert trap.bounding_box()["width"] <= 1
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_form_closed_for_a_kommun_nobody_reads_is_accessible_at_320_px(site, browser):
    from portal.tests.browser import accessibility_problems, layout_problems

    # Kiruna has no pledge and nobody on the portal in the demo: the form is closed there.
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ["/dialog/kiruna/otrygg-plats/", "/en/dialog/kiruna/otrygg-plats/"]:
        response = page.goto(site + path)
        assert response.status == 404
        assert page.get_by_role("link", name="polisen.se").is_visible()
        assert not accessibility_problems(page), path
        assert not layout_problems(page), path
    context.close()
