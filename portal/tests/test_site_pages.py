"""Accessibility statement, privacy page, error pages, languages and security headers."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_accessibility_statement_has_the_content_digg_requires(client):
    response = client.get("/tillganglighet/")
    assert response.status_code == 200
    content = response.content.decode()
    for required in [
        "lagen (2018:1937) om tillgänglighet till digital offentlig service",  # the law
        "Hur tillgänglig är webbplatsen?",  # compliance status
        "Innehåll som inte är tillgängligt",  # non-accessible content
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",  # alternative formats
        "Rapportera brister i webbplatsens tillgänglighet",  # feedback mechanism
        "Tillsyn",  # enforcement procedure
        "https://www.digg.se/tdosanmalan",  # link to the supervisory authority
        "Hur vi testat webbplatsen",  # method and date
        "22 november 2026",  # date of the statement
        "mailto:",
    ]:
        assert required in content, required


def test_privacy_page_explains_what_is_collected(client):
    response = client.get("/personuppgifter/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Integritetsskyddsmyndigheten" in content
    assert "allmän handling" in content
    assert "Enkätsvar" in content
    assert "Efter 365 dagar tas texten och kontaktuppgifterna bort" in content


def test_privacy_page_follows_the_retention_setting(client, settings):
    settings.DIALOGUE_RETENTION_DAYS = 90
    assert "Efter 90 dagar" in client.get("/personuppgifter/").content.decode()


def test_privacy_page_explains_e_mail_subscriptions(client, settings):
    settings.SUBSCRIPTION_CONFIRM_DAYS = 5
    content = client.get("/personuppgifter/").content.decode()
    assert "E-post när något händer" in content
    assert "inte bekräftas inom 5 dagar tas bort" in content


def test_footer_links_statement_privacy_and_emergency_numbers(client):
    content = client.get("/").content.decode()
    assert 'href="/tillganglighet/"' in content
    assert 'href="/personuppgifter/"' in content
    assert "Akut? Ring 112. Tips om brott: 114 14 eller polisen.se." in content


def test_english_interface_is_served_under_en(client):
    response = client.get("/en/kommuner/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "All municipalities" in content
    assert 'href="/kommuner/"' in content  # the link back to Swedish


def test_swedish_is_the_default_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="sv">' in response.content.decode()


def test_unknown_url_gives_a_styled_swedish_404(client):
    response = client.get("/finns/inte/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Sidan kunde inte hittas" in content
    assert "site.css" in content


def test_server_error_gives_a_styled_500(rf):
    from portal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "site.css" in response.content.decode()


def test_a_crash_shows_the_500_page_not_a_traceback(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    from unittest import mock

    with mock.patch("portal.views.MunicipalitySearchForm", side_effect=RuntimeError("boom")):
        response = client.get(reverse("home"))
    assert response.status_code == 500
    assert b"boom" not in response.content
    assert b"Traceback" not in response.content


def test_pages_are_served_with_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_public_pages_have_no_inline_scripts_styles_or_handlers(client, lpo_varnamo):
    import re

    from pledges.models import Pledge
    from pledges.tests.factories import make_pledge

    pledge = make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED)
    for url in [
        "/",
        "/kommuner/",
        "/kommuner/vaggeryd/",
        pledge.get_absolute_url(),
        "/tillganglighet/",
        "/personuppgifter/",
        "/finns-inte/",
    ]:
        content = client.get(url).content.decode()
        assert "<script" not in content, url
        assert " style=" not in content, url
        assert not re.search(r"\son[a-z]+=", content), url
        # The page's own absolute addresses (canonical, hreflang, og:url) follow the request's
        # scheme: plain http only on the test server.
        own = content.replace("http://testserver/", "")
        assert "http://" not in own.replace("http://www.w3.org", ""), url
