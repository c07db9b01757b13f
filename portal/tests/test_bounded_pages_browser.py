"""The start page and /dialog/ as a national roll-out shows them, bounded: axe-core at 320 px and
at desktop width, and valid HTML, with the lines that count what is not shown.

The demo has fewer pledges, kommuner, activities and surveys than the bounds, so the bounds are
lowered here to show those lines with the demo's own content.
"""

import pytest

from dialogue.views import overview
from portal import views

from .browser import accessibility_problems, html_problems, layout_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "/": "gällande medborgarlöften",
    "/dialog/": "på gång. De här kommer först",
}


@pytest.fixture
def bounded(monkeypatch):
    monkeypatch.setattr(views, "START_PAGE_PLEDGES", 1)
    monkeypatch.setattr(views, "LISTED_MUNICIPALITIES", 1)
    monkeypatch.setattr(overview, "NATIONAL_UPCOMING_LIMIT", 1)


@pytest.mark.usefixtures("bounded")
@pytest.mark.parametrize("width", [320, 1280])
def test_bounded_pages_have_no_axe_violations_and_fit(site, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = []
    for path, count_line in PAGES.items():
        response = page.goto(site + path)
        assert response.status == 200, path
        assert count_line in page.content(), path
        problems += [problem for problem in (accessibility_problems(page),
                                             layout_problems(page)) if problem]  # fmt: skip
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.usefixtures("bounded")
def test_bounded_pages_are_valid_html(site, client, tmp_path):
    pages = {path: client.get(path).content for path in PAGES}
    assert "kommuner har publicerat medborgarlöften" in pages["/"].decode()
    assert html_problems(pages, tmp_path) == []
