"""Subscribing and leaving in a real browser at 320 px: every page on the way has no axe-core
violations and no sideways scrolling; and the form works without JavaScript."""

import pytest
from django.core import mail

from portal.tests.browser import accessibility_problems, layout_problems
from subscriptions.models import Subscription

from .conftest import link_in


def check(page):
    assert accessibility_problems(page) == ""
    assert layout_problems(page) == ""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_subscribes_confirms_and_leaves_at_320_px(site, browser):
    # axe-core runs as a script in the page: this walk keeps JavaScript on (the site has none).
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.set_default_timeout(10_000)
    page = context.new_page()
    mail.outbox.clear()

    page.goto(site + "/prenumeration/kommun/vaggeryd/")
    check(page)
    page.get_by_role("button", name="Prenumerera").click()
    summary = page.get_by_role("alert")
    assert "Skriv din e-postadress." in summary.inner_text()
    check(page)

    page.get_by_label("Din e-postadress").fill("boende@example.se")
    page.get_by_role("button", name="Prenumerera").click()
    assert page.url.endswith("/prenumeration/kommun/vaggeryd/skickat/")
    assert page.get_by_role("heading", level=1).inner_text() == "Titta i din e-post"
    check(page)

    page.goto(site + link_in(mail.outbox[0], "/prenumeration/bekrafta/"))
    check(page)
    page.get_by_role("button", name="Ja, starta prenumerationen").click()
    assert "Nu får du e-post" in page.get_by_role("status").inner_text()
    check(page)
    subscription = Subscription.objects.get()
    assert subscription.is_confirmed

    page.goto(site + subscription.unsubscribe_path())
    check(page)
    page.get_by_role("button", name="Sluta skicka e-post och ta bort min adress").click()
    assert page.url.endswith("/prenumeration/avslutad/")
    check(page)
    assert not Subscription.objects.exists()

    page.goto(site + "/prenumeration/bekrafta/trasig-lank/")
    assert page.get_by_role("heading", level=1).inner_text() == "Länken fungerar inte"
    check(page)
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pledge_subscribe_page_in_english(site, page):
    page.goto(site + "/en/prenumeration/medborgarlofte/vaggeryd-2022/")
    assert page.get_by_label("Your e-mail address").is_visible()
    assert accessibility_problems(page) == ""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_form_and_confirmation_work_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    mail.outbox.clear()
    page.goto(site + "/prenumeration/medborgarlofte/vaggeryd-2022/")
    page.get_by_label("Din e-postadress").fill("boende@example.se")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/prenumeration/medborgarlofte/vaggeryd-2022/skickat/")
    page.goto(site + link_in(mail.outbox[0], "/prenumeration/bekrafta/"))
    page.get_by_role("button", name="Ja, starta prenumerationen").click()
    assert "Nu får du e-post" in page.get_by_role("status").inner_text()
    assert Subscription.objects.get().pledge.slug == "vaggeryd-2022"
    context.close()
