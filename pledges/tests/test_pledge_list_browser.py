"""The list of pledges in Chromium with the demo data: axe-core, 320 px, and no JavaScript."""

import pytest

from portal.tests.browser import accessibility_problems, layout_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/medborgarloften/",
    "/medborgarloften/?kommun=vaggeryd&status=tidigare",
    "/medborgarloften/?q=trygghetsvandring",
    "/medborgarloften/?lan=01",  # nothing matches
    "/medborgarloften/?ar=abc&lan=99&page=7",  # bad parameters and a page that does not exist
    "/en/medborgarloften/?tema=trafik",
]


def test_list_pages_have_no_axe_violations_and_fit_320_px(site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    failures = []
    for path in PAGES:
        response = page.goto(site + path)
        if response.status != 200:
            failures.append(f"{path}: status {response.status}")
        for problem in (accessibility_problems(page), layout_problems(page)):
            if problem:
                failures.append(f"{path}: {problem}")
    context.close()
    assert not failures, "\n".join(failures)


def test_filters_work_without_javascript_and_make_a_linkable_address(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/medborgarloften/")
    page.get_by_label("Kommun", exact=True).select_option(label="Vaggeryd")
    page.get_by_label("Sökord").fill("trygghetsvandring")
    page.get_by_role("button", name="Visa löften").click()
    page.wait_for_url("**/medborgarloften/?q=trygghetsvandring*kommun=vaggeryd*")
    titles = page.locator(".pledge-result h3").all_inner_texts()
    assert titles and all("Vaggeryd" in title for title in titles), titles
    # The same address, opened anew, shows the same result.
    address = page.url
    page.goto(site + "/medborgarloften/")
    page.goto(address)
    assert page.locator(".pledge-result h3").all_inner_texts() == titles
    page.get_by_role("link", name="Ta bort filtren").click()
    page.wait_for_url(site + "/medborgarloften/")
    context.close()


def test_the_menu_leads_to_the_list_by_keyboard(site, page):
    page.goto(site + "/")
    link = page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Medborgarlöften"
    )
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(site + "/medborgarloften/")
    assert page.get_by_role("heading", level=1).inner_text() == "Medborgarlöften"
