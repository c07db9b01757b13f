"""A forgotten password is reset from the login page by e-mail, in Swedish."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse

from .conftest import STRONG_PASSWORD, link_in

pytestmark = pytest.mark.django_db
User = get_user_model()
RESET_URL = reverse("accounts:password_reset")


@pytest.fixture
def anna(vaggeryd_coordinator):
    vaggeryd_coordinator.email = "anna.svensson@vaggeryd.se"
    vaggeryd_coordinator.first_name = "Anna"
    vaggeryd_coordinator.save()
    return vaggeryd_coordinator


def ask(client, email):
    return client.post(RESET_URL, {"email": email})


def test_the_login_page_links_to_the_reset(client, db):
    content = client.get(reverse("admin:login")).content.decode()
    assert f'href="{RESET_URL}"' in content


def test_a_known_active_address_gets_a_swedish_mail_with_the_link(client, anna, mailoutbox):
    response = ask(client, "Anna.Svensson@vaggeryd.se")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    [message] = mailoutbox
    assert message.to == ["anna.svensson@vaggeryd.se"]
    assert message.subject == "Nytt lösenord till medborgarlöftesportalen"
    assert "Hej Anna," in message.body
    assert "Länken gäller i 24 timmar och bara en gång." in message.body
    assert "Ditt användarnamn är samordnare.vaggeryd." in message.body
    assert link_in(message).startswith("/konto/losenord/nytt/")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, anna, mailoutbox):
    known = ask(client, "anna.svensson@vaggeryd.se")
    unknown = ask(client, "nobody@example.se")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mailoutbox) == 1


def test_a_deactivated_account_gets_no_mail(client, anna, mailoutbox):
    anna.is_active = False
    anna.save()
    assert ask(client, "anna.svensson@vaggeryd.se").status_code == 302
    assert mailoutbox == []


def test_the_done_page_explains_without_telling_whether_the_address_exists(client, db):
    response = client.get(reverse("accounts:password_reset_done"))
    assert "Om adressen hör till ett aktivt konto i portalen" in response.content.decode()


def test_a_bad_address_is_refused_in_swedish(client, db, mailoutbox):
    response = ask(client, "inte en adress")
    assert response.status_code == 200
    assert "Fyll i en giltig e-postadress." in response.content.decode()
    assert mailoutbox == []


def follow_link(client, mailoutbox):
    response = client.get(link_in(mailoutbox[-1]))
    assert response.status_code == 302  # Django moves the token out of the address
    return response["Location"]


def test_the_link_sets_a_new_password_that_logs_in(client, anna, mailoutbox):
    ask(client, "anna.svensson@vaggeryd.se")
    form_url = follow_link(client, mailoutbox)
    page = client.get(form_url).content.decode()
    assert 'value="Spara det nya lösenordet"' in page

    response = client.post(
        form_url, {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD}
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    anna.refresh_from_db()
    assert anna.check_password(STRONG_PASSWORD)


def test_a_weak_new_password_is_refused(client, anna, mailoutbox):
    ask(client, "anna.svensson@vaggeryd.se")
    form_url = follow_link(client, mailoutbox)
    response = client.post(form_url, {"new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 200
    assert "Det här lösenordet är för kort." in response.content.decode()
    anna.refresh_from_db()
    assert anna.check_password("test-password-123")


def test_a_used_link_no_longer_works(client, anna, mailoutbox):
    ask(client, "anna.svensson@vaggeryd.se")
    link = link_in(mailoutbox[-1])
    form_url = follow_link(client, mailoutbox)
    client.post(form_url, {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD})

    response = client.get(link, follow=True)
    assert "Länken fungerar inte" in response.content.decode()


def test_an_expired_link_no_longer_works(client, anna, mailoutbox, settings):
    ask(client, "anna.svensson@vaggeryd.se")
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = client.get(link_in(mailoutbox[-1]), follow=True)
    assert "Länken fungerar inte" in response.content.decode()


def test_a_reset_lifts_the_login_lockout(client, anna, mailoutbox):
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "samordnare.vaggeryd", "password": "fel"})
    assert AccessAttempt.objects.filter(username="samordnare.vaggeryd").exists()
    ask(client, "anna.svensson@vaggeryd.se")
    form_url = follow_link(client, mailoutbox)
    client.post(form_url, {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD})

    response = client.post(
        reverse("admin:login"),
        {"username": "samordnare.vaggeryd", "password": STRONG_PASSWORD},
    )
    assert response.status_code == 302


def test_asking_too_often_is_refused(client, anna, mailoutbox):
    statuses = [ask(client, "anna.svensson@vaggeryd.se").status_code for _ in range(6)]
    assert statuses == [302, 302, 302, 302, 302, 429]
    assert len(mailoutbox) == 5


def test_a_failing_mail_server_gives_the_same_answer(client, anna, settings):
    settings.EMAIL_BACKEND = "accounts.tests.test_password_reset.BrokenBackend"
    response = ask(client, "anna.svensson@vaggeryd.se")
    assert response.status_code == 302


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


@pytest.mark.parametrize(
    "name", ["password_reset", "password_reset_done", "password_reset_complete"]
)
def test_the_reset_pages_read_a_bounded_number_of_queries(
    client, db, name, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get(reverse(f"accounts:{name}"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url", [RESET_URL, reverse("accounts:password_reset_done"), "/konto/inbjudan/okand/"]
)
def test_pages_reached_without_logging_in_show_no_admin_menu(client, db, url):
    content = client.get(url).content.decode()
    assert 'id="nav-sidebar"' not in content
    assert "Du har inte tillåtelse" not in content
