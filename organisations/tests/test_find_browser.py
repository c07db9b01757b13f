"""The kommun search in Chromium: the results page passes axe, and one match opens the kommun."""

import pytest

from portal.tests.browser import accessibility_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    from organisations.reference import load_reference_data

    load_reference_data()
    return live_server.url


def test_search_results_are_accessible_and_one_match_opens_the_kommun(site, page):
    page.goto(f"{site}/kommuner/sok/")
    page.get_by_label("Sök kommun, ort eller postnummer").fill("borg")
    page.get_by_role("button", name="Sök").click()
    page.get_by_text("Namnet Vänersborg innehåller").wait_for()
    assert accessibility_problems(page) == ""

    page.get_by_label("Sök kommun, ort eller postnummer").fill("Xyzzyvik")
    page.get_by_role("button", name="Sök").click()
    page.get_by_text("Ingen kommun, ort eller postnummer matchar").wait_for()
    assert accessibility_problems(page) == ""

    page.get_by_label("Sök kommun, ort eller postnummer").fill("568 21")
    page.get_by_role("button", name="Sök").click()
    page.wait_for_url(f"{site}/kommuner/vaggeryd/")
    assert page.get_by_role("heading", level=1).inner_text() == "Vaggeryd"
