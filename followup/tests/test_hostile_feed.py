"""Markup typed into a report summary reaches feed readers as text, never as live HTML."""

import xml.etree.ElementTree as ET

import pytest

from followup.tests.factories import make_report

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("url", ["/uppfoljningar/atom/", "/kommuner/vaggeryd/uppfoljningar/atom/"])
def test_script_in_a_summary_is_escaped_html_in_the_feed(client, pledge, url):
    make_report(
        pledge,
        year=2022,
        tertial=1,
        summary='Bra läge.\n\n<script>alert(1)</script><img src=x onerror="alert(2)">',
    )
    response = client.get(url)
    assert response.status_code == 200
    summary = ET.fromstring(response.content).find(f"{ATOM}entry/{ATOM}summary")
    # A type="html" summary is HTML once the XML is parsed: the markup must still be escaped.
    assert summary.get("type") == "html"
    assert summary.text == (
        "<p>Bra läge.</p>\n\n"
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;"
        "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;</p>"
    )
