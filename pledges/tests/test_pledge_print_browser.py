"""In Chromium: the pledge page printed as an appendix to a samverkansöverenskommelse, and the
time notice and senders on screen (with axe-core)."""

import pytest

from followup.models import FollowUpReport
from pledges.models import Pledge
from portal.tests.browser import accessibility_problems, layout_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROME = {
    "main menu": ".site-header nav",
    "site footer": ".site-footer",
    "page feedback form": ".page-feedback",
    "e-mail subscription link": ".subscribe-link",
    "feed link": ".feed-link",
    "CSV downloads": ".csv-download",
    "questions and contacts": ".questions",
    "feed link of the follow-ups": 'main p:has(> a[href$="/atom/"])',
}


def visible(page, selector):
    return page.locator(selector).first.is_visible()


def current_pledge(site):
    return Pledge.objects.published().filter(slug__startswith="vaggeryd").order_by("-start_date")[0]


def test_printed_pledge_keeps_the_record_and_drops_the_chrome(site, page):
    pledge = current_pledge(site)
    version = pledge.published_version
    page.goto(site + pledge.get_absolute_url())
    for name, selector in CHROME.items():
        assert page.locator(selector).count(), f"{name} is not on the screen page"
    assert not visible(page, ".print-only")

    page.emulate_media(media="print")
    hidden = [name for name, selector in CHROME.items() if visible(page, selector)]
    assert hidden == [], f"printed although chrome: {hidden}"
    for selector in [".senders", "h1", ".facts", ".promise", ".activity", ".signatories"]:
        assert visible(page, selector), f"{selector} is not printed"
    assert page.locator(".activity-group h3").first.is_visible()  # who is responsible
    assert "minst" in page.locator(".activities").first.inner_text()  # targets
    footer = page.locator(".print-only").inner_text()
    assert site + pledge.get_absolute_url() in footer
    assert f"Version {version.number}, publicerad" in footer
    breaks = page.locator(".activity").first.evaluate("e => getComputedStyle(e).breakInside")
    assert breaks == "avoid"

    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_ended_pledge_and_its_report_on_screen_are_accessible(site, page):
    old = Pledge.objects.get(slug="vaggeryd-2021")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site + old.get_absolute_url())
    assert page.locator("h1 + .pledge-time").is_visible()
    assert page.locator(".senders").inner_text().startswith("Från")
    assert layout_problems(page) == ""
    assert accessibility_problems(page) == ""

    report = FollowUpReport.objects.published().filter(pledge=old).first()
    page.goto(site + report.get_absolute_url())
    assert "Vaggeryds kommun och Lokalpolisområde Värnamo" in page.locator(".senders").inner_text()
    assert accessibility_problems(page) == ""
