"""The national overview in Chromium: axe-core at 320 px and at desktop width, the map's links."""

import pytest

from .browser import accessibility_problems, html_problems, layout_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERVIEW = "/medborgarloften/oversikt/"


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("path", [OVERVIEW, "/en" + OVERVIEW])
def test_overview_has_no_axe_violations_and_fits(site, browser, width, path):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()

    response = page.goto(site + path)

    assert response.status == 200
    problems = [accessibility_problems(page), layout_problems(page)]
    context.close()
    assert not any(problems), "\n".join(problems)


def test_overview_html_is_valid(site, client, tmp_path):
    pages = {path: client.get(path).content for path in [OVERVIEW, "/en" + OVERVIEW]}

    assert html_problems(pages, tmp_path) == []


def test_map_kommun_is_a_named_link_to_its_page(site, page):
    page.goto(site + OVERVIEW)

    assert page.get_by_role(
        "img", name="Karta över Sveriges kommuner: vilka som har ett medborgarlöfte som gäller"
    ).is_visible()

    link = page.get_by_role("link", name="Vaggeryd: medborgarlöfte gäller")
    link.click()

    assert page.url == site + "/kommuner/vaggeryd/"


def test_hatched_fill_reaches_the_map_without_inline_styles(site, page):
    page.goto(site + OVERVIEW)

    fill = page.locator(".kommun.in-force path").first.evaluate("p => getComputedStyle(p).fill")
    plain = page.locator(".kommun:not(.in-force) path").first.evaluate(
        "p => getComputedStyle(p).fill"
    )
    assert "kommun-karta-skraffering" in fill
    assert plain == "rgb(221, 227, 234)"
    assert page.locator("main [style]").count() == 0
