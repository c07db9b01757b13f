"""The API docs page in Chromium: light until asked, then Swagger UI renders every operation from
the portal's own files under the site's Content-Security-Policy, with no request to another
host."""

from urllib.parse import urlparse

import pytest

from portal.tests.browser import accessibility_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_docs_page_renders_the_operations_under_the_csp(site, page):
    hosts, console_errors = set(), []
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )
    response = page.goto(site + "/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    problems = accessibility_problems(page)
    assert not problems, problems
    assert page.locator(".opblock-summary-path").count() == 0  # nothing heavy until asked
    page.get_by_role("button", name="Öppna den interaktiva konsolen").click()
    page.locator(".opblock-summary-path").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/pledges/{slug}/versions/{number}/" in paths
    assert len(paths) == 17
    assert hosts == {urlparse(site).netloc}
    assert not console_errors, console_errors
    problems = accessibility_problems(page)
    assert not problems, problems


def test_an_operation_tried_out_is_accessible(site, page):
    """Swagger UI's own colours and markup fall short in places; docs.css and docs.js mend
    them, and this keeps them mended when an operation is opened and run."""
    page.goto(site + "/api/docs/")
    page.get_by_role("button", name="Öppna den interaktiva konsolen").click()
    page.locator("#operations-pledges-pledges_list .opblock-summary-control").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text() == "200"
    problems = accessibility_problems(page)
    assert not problems, problems
