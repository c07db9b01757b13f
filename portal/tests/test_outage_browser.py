"""The 503 pages a resident may meet while the database restarts, checked with axe-core."""

import pytest

from portal.outage import database_unavailable

from .browser import accessibility_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serving(html):
    def fulfil(route):
        route.fulfill(status=503, body=html, content_type="text/html; charset=utf-8")

    return fulfil


def test_the_503_pages_have_no_axe_violations(live_server, page, rf):
    typed = {"helpful": "no", "comment": "Lampan vid skolan är trasig.", "next": "/"}
    answers = {
        "reading": database_unavailable(rf.get("/kommuner/")),
        "after a post": database_unavailable(rf.post("/sidfeedback/", typed)),
    }
    failures = []
    for name, answer in answers.items():
        html = answer.content.decode()
        address = f"{live_server.url}/otillganglig/{name.replace(' ', '-')}/"
        # Served from the live server's address, so the page gets the site's own CSS.
        page.route(address, serving(html))
        page.goto(address)
        problem = accessibility_problems(page)
        if problem:
            failures.append(f"{name}: {problem}")
    assert not failures, "\n".join(failures)
