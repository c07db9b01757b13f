"""Every public page, with everything it links, is under 60 KB compressed (portal/weight.py)."""

import pytest

from portal.weight import BUDGET_BYTES, linked_static_files, weigh

from .browser import load_all_demo_data, public_pages

pytestmark = pytest.mark.django_db


def test_every_public_page_is_under_the_budget(client):
    load_all_demo_data()
    heavy = []
    for path in public_pages():
        response = client.get(path)
        assert response.status_code in (200, 404), path
        weight = weigh(path, response.content)
        # The stylesheets are counted too (the API docs page has its own).
        assert any(name.endswith(".css") for name in weight.files), path
        if weight.total >= BUDGET_BYTES:
            heavy.append(f"{path}: {weight.total} bytes ({weight.html} HTML, {weight.files})")
    assert not heavy, "Pages over the budget:\n" + "\n".join(heavy)


def test_linked_files_are_found_once_each_with_print_css_and_scripts():
    html = """<link rel="stylesheet" href="/static/css/site.css">
    <link rel="stylesheet" href="/static/css/print.css" media="print">
    <link rel="icon" href="/static/favicon.svg"><script src="/static/js/error-summary.js"></script>
    <link rel="stylesheet" href="/static/css/site.css"><img src="https://example.se/x.png">"""
    assert linked_static_files(html) == [
        "css/site.css",
        "css/print.css",
        "favicon.svg",
        "js/error-summary.js",
    ]


def test_a_page_linking_a_missing_file_is_reported():
    with pytest.raises(FileNotFoundError, match="css/gone.css"):
        weigh("/x/", b'<link rel="stylesheet" href="/static/css/gone.css">')
