"""When the database is away: kept pages go on, the rest is a Swedish 503, never a 500.

The outage is made as a restart makes it: every statement fails with OperationalError.
"""

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import path, reverse

from feedback.models import PageFeedback
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db


def database_away(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def resident():
    return Client(raise_request_exception=False)


@pytest.fixture
def pledge(lpo_varnamo):
    return make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED, title="Tryggare Vaggeryd")


def test_a_kept_page_is_served_while_the_database_is_away(resident, pledge):
    url = pledge.get_absolute_url()
    resident.get(url)
    with connection.execute_wrapper(database_away):
        response = resident.get(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "HIT"
    assert "Tryggare Vaggeryd" in response.content.decode()


def test_the_last_copy_of_a_page_is_served_when_it_cannot_be_rendered_again(resident, pledge):
    url = pledge.get_absolute_url()
    resident.get(url)
    pledge.title = "Nytt namn"
    pledge.save()  # the kept page is out of date, but the last copy is better than an error
    with connection.execute_wrapper(database_away):
        response = resident.get(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "STALE"
    assert "must-revalidate" in response["Cache-Control"]
    assert "Tryggare Vaggeryd" in response.content.decode()


def test_a_page_never_kept_gets_a_swedish_503_with_retry_after(resident, pledge):
    with connection.execute_wrapper(database_away):
        response = resident.get(pledge.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert '<html lang="sv">' in page
    assert "Tjänsten går inte att använda just nu" in page
    assert "försök igen om 10 sekunder" in page


def test_a_signed_in_page_gets_the_503_too(client, pledge, superuser):
    client.force_login(superuser)
    client.raise_request_exception = False
    with connection.execute_wrapper(database_away):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 503


@pytest.mark.django_db(transaction=True)  # the failed insert must not break the test's own
def test_a_post_that_cannot_be_saved_comes_back_with_what_was_typed(resident):
    url = "/kommuner/"
    with connection.execute_wrapper(database_away):
        response = resident.post(
            reverse("feedback:submit"),
            {"helpful": "no", "comment": "Gatlyktan vid skolan är trasig.", "next": url},
        )
    assert response.status_code == 503
    page = response.content.decode()
    assert "<li>Gatlyktan vid skolan är trasig.</li>" in page  # shown, to read or copy
    assert "<li>no</li>" not in page  # a choice's code is not something they wrote
    assert '<input type="hidden" name="comment" value="Gatlyktan vid skolan är trasig.">' in page
    assert f'action="{reverse("feedback:submit")}"' in page
    assert "Skicka igen" in page
    assert not PageFeedback.objects.exists()


def broken_view(request):
    raise ValueError("a bug, not an outage")


urlpatterns = [path("trasig/", broken_view)]
handler500 = "portal.outage.server_error"


@pytest.mark.urls(__name__)
def test_other_errors_are_still_the_500_page(resident):
    response = resident.get("/trasig/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_a_post_is_received_while_the_shared_cache_is_away(resident, monkeypatch):
    # Redis restarting must not cost a resident their feedback: the rate limit lets it through.
    from django.core.cache import cache

    def away(*args, **kwargs):
        raise ConnectionError("Redis is restarting")

    for method in ("get", "add", "incr", "set"):
        monkeypatch.setattr(cache, method, away)
    response = resident.post(
        reverse("feedback:submit"), {"helpful": "yes", "comment": "Bra.", "next": "/"}
    )
    assert response.status_code == 302
    assert PageFeedback.objects.get().comment == "Bra."
