"""“Hjälpte informationen dig?”: residents tell whether a page helped them."""

import pytest
from django.urls import reverse

from feedback.models import PageFeedback

pytestmark = pytest.mark.django_db

URL = reverse("feedback:submit")


def test_every_public_page_has_the_feedback_form(client):
    content = client.get("/kommuner/").content.decode()
    assert 'action="/sidfeedback/"' in content
    # No token: the page is shared by every reader (feedback/tests/test_same_origin.py).
    assert 'name="csrfmiddlewaretoken"' not in content
    assert 'name="next" value="/kommuner/"' in content


def test_answer_is_stored_and_the_resident_returns_to_the_page_with_thanks(client):
    response = client.post(
        URL, {"helpful": "no", "comment": "Svårt att hitta.", "next": "/kommuner/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/kommuner/#sidfeedback"
    feedback = PageFeedback.objects.get()
    assert (feedback.path, feedback.helpful, feedback.comment) == (
        "/kommuner/",
        False,
        "Svårt att hitta.",
    )
    page = client.get("/kommuner/")
    assert "Tack för att du hjälper oss förbättra webbplatsen!" in page.content.decode()


def test_yes_without_comment_is_enough(client):
    client.post(URL, {"helpful": "yes", "next": "/"})
    assert PageFeedback.objects.get().helpful is True


def test_english_pages_record_their_language(client):
    client.post("/en/sidfeedback/", {"helpful": "yes", "next": "/en/"})
    assert PageFeedback.objects.get().language == "en"


@pytest.mark.parametrize(
    "data, field",
    [
        ({"comment": "Bra", "next": "/"}, "helpful"),
        ({"helpful": "maybe", "next": "/"}, "helpful"),
        ({"helpful": "no", "comment": "x" * 1001, "next": "/"}, "comment"),
        ({"helpful": "no", "next": "https://evil.example.com/"}, "next"),
        ({"helpful": "no", "next": "//evil.example.com/"}, "next"),
        ({"helpful": "no"}, "next"),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(client, data, field):
    response = client.post(URL, data)
    assert response.status_code == 400
    assert field in response.context["feedback_form"].errors
    assert not PageFeedback.objects.exists()


def test_a_too_long_comment_is_kept_in_the_form_so_nothing_is_lost(client):
    text = "Min synpunkt " + "x" * 1000
    response = client.post(URL, {"helpful": "no", "comment": text, "next": "/kommuner/"})
    content = response.content.decode()
    assert text in content
    assert "högst 1000 tecken" in content
    assert 'href="/kommuner/"' in content


def test_html_in_the_comment_is_stored_as_text_and_shown_escaped(client):
    client.post(URL, {"helpful": "no", "comment": "<script>alert(1)</script>", "next": "/"})
    assert PageFeedback.objects.get().comment == "<script>alert(1)</script>"
    response = client.post(
        URL, {"helpful": "x", "comment": "<script>alert(1)</script>", "next": "/"}
    )
    assert b"<script>alert(1)</script>" not in response.content


def test_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405


def test_rate_limit_stops_a_flood_with_a_clear_page(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 3
    for _ in range(3):
        assert client.post(URL, {"helpful": "yes", "next": "/"}).status_code == 302
    response = client.post(URL, {"helpful": "yes", "next": "/"})
    assert response.status_code == 429
    assert "Vänta några minuter" in response.content.decode()
    assert PageFeedback.objects.count() == 3


def test_feedback_is_listed_in_the_admin(client, superuser):
    PageFeedback.objects.create(path="/kommuner/", helpful=False, comment="Mer info")
    client.force_login(superuser)
    response = client.get(reverse("admin:feedback_pagefeedback_changelist"))
    assert response.status_code == 200
    assert "Mer info" in response.content.decode()
