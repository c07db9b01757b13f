"""Every public page is valid HTML, checked by the Nu HTML Checker (vnu) in one batch."""

import pytest
from django.core.cache import cache

from .browser import html_problems, load_all_demo_data, public_pages

pytestmark = pytest.mark.django_db


def test_public_pages_and_forms_with_errors_are_valid_html(client, tmp_path):
    load_all_demo_data(create_users=False)
    cache.clear()
    pages = {}
    for path in public_pages():
        response = client.get(path)
        assert response.status_code in (200, 404), path
        pages[path] = response.content
    for name, path, data in [
        ("page feedback with errors", "/sidfeedback/", {"helpful": "no", "comment": "x" * 1200,
                                                       "next": "/"}),
        ("survey with errors", "/dialog/vanersborg/enkater/sanden-och-torpa/", {}),
        ("unsafe-place report with errors", "/dialog/vaggeryd/otrygg-plats/",
         {"description": "x" * 2100, "contact_email": "fel"}),
    ]:  # fmt: skip
        pages[name] = client.post(path, data).content
    problems = html_problems(pages, tmp_path)
    assert not problems, "\n".join(problems)
