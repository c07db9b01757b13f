"""The page-feedback form carries no CSRF token (its pages are shared by the page cache), so a
post that another website makes is refused by where it comes from instead."""

import pytest
from django.test import Client
from django.urls import reverse

from feedback.models import PageFeedback

pytestmark = pytest.mark.django_db

FORM = {"helpful": "yes", "comment": "Bra sida.", "next": "/"}


@pytest.fixture
def browser():
    # Enforces CSRF like a real request: the form must work without a token.
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
        {"Origin": "http://testserver"},
        {},  # an old browser or a script: nothing says it is another site
    ],
)
def test_feedback_from_our_own_pages_is_received_without_a_token(browser, headers):
    response = browser.post(reverse("feedback:submit"), FORM, headers=headers)
    assert response.status_code == 302
    assert PageFeedback.objects.get().comment == "Bra sida."


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://elak.example", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://elak.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://annan.testserver", "Sec-Fetch-Site": "same-site"},
    ],
)
def test_feedback_posted_by_another_website_is_refused(browser, headers):
    response = browser.post(reverse("feedback:submit"), FORM, headers=headers)
    assert response.status_code == 403
    assert response.content.decode() == (
        "Formuläret skickades från en annan webbplats och togs inte emot."
    )
    assert not PageFeedback.objects.exists()


def test_a_trusted_origin_may_post(browser, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://medborgarloften.example.se"]
    response = browser.post(
        reverse("feedback:submit"), FORM, headers={"Origin": "https://medborgarloften.example.se"}
    )
    assert response.status_code == 302


def test_every_other_public_form_still_needs_its_token(browser, vaggeryd):
    url = reverse("subscriptions:municipality", args=["vaggeryd"])
    response = browser.post(url, {"email": "a@example.se"})
    assert response.status_code == 403
