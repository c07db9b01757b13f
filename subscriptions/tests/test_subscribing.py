"""A resident subscribes to a kommun or a pledge with double opt-in, and leaves with one click."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import token_hash
from pledges.models import Pledge
from pledges.tests.factories import make_pledge
from subscriptions.models import Subscription

from .conftest import link_in, subscribe_and_confirm

pytestmark = pytest.mark.django_db

KOMMUN_URL = "/prenumeration/kommun/vaggeryd/"


def pledge_url(pledge):
    return reverse("subscriptions:pledge", args=[pledge.slug])


# The form --------------------------------------------------------------------------------


def test_kommun_form_has_csrf_label_honeypot_and_privacy_text(client, vaggeryd):
    response = client.get(KOMMUN_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "csrfmiddlewaretoken" in page
    assert '<label for="id_email">Din e-postadress</label>' in page
    assert 'name="website"' in page and 'tabindex="-1"' in page
    assert "Vi sparar bara din e-postadress, vad du följer" in page
    assert "tas adressen bort direkt" in page
    assert reverse("privacy") in page
    assert '<meta name="robots" content="noindex">' in page


def test_pledge_form_names_the_published_title(client, pledge):
    pledge.title = "Utkastets titel"
    pledge.save()
    page = client.get(pledge_url(pledge)).content.decode()
    assert "E-post om Medborgarlöfte vaggeryd-2026" in page
    assert "Utkastets titel" not in page


def test_english_form_under_en(client, vaggeryd):
    page = client.get("/en" + KOMMUN_URL).content.decode()
    assert "Your e-mail address" in page


@pytest.mark.parametrize("status", [Pledge.Status.DRAFT, Pledge.Status.WITHDRAWN])
def test_no_subscription_to_a_draft_or_withdrawn_pledge(client, lpo_varnamo, status):
    hidden = make_pledge(lpo_varnamo, slug="dolt", status=status)
    assert client.get(pledge_url(hidden)).status_code == 404
    assert client.post(pledge_url(hidden), {"email": "a@example.se"}).status_code == 404
    assert not Subscription.objects.exists()


def test_unknown_kommun_is_404(client, db):
    assert client.get("/prenumeration/kommun/atlantis/").status_code == 404


def test_form_page_query_count_is_fixed(client, vaggeryd, pledge, django_assert_num_queries):
    # One query for the kommun, or for the pledge with its published version.
    for url in (KOMMUN_URL, pledge_url(pledge)):
        with django_assert_num_queries(1):
            response = client.get(url)
        assert response.status_code == 200


@pytest.mark.parametrize(
    "email, message",
    [
        ("", "Skriv din e-postadress."),
        ("inte-en-adress", "Skriv en e-postadress som namn@exempel.se."),
        ("a@" + "b" * 250 + ".se", "En e-postadress har högst 254 tecken."),
        ("a@b.se\n" + "Bcc: x@y.se", "Skriv en e-postadress som namn@exempel.se."),
    ],
)
def test_bad_address_is_refused_with_a_clear_message(client, vaggeryd, email, message):
    response = client.post(KOMMUN_URL, {"email": email})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_missing_field_and_junk_post_is_400_not_500(client, vaggeryd):
    assert client.post(KOMMUN_URL, {"other": "x" * 5000}).status_code == 400
    assert client.post(KOMMUN_URL, {"email": ["a@b.se", "c@d.se"]}).status_code == 302


def test_methods_other_than_get_and_post_are_405(client, vaggeryd):
    assert client.put(KOMMUN_URL).status_code == 405
    assert client.delete(KOMMUN_URL).status_code == 405


def test_pages_after_the_form_are_get_only(client, vaggeryd):
    assert client.post("/prenumeration/kommun/vaggeryd/skickat/").status_code == 405
    assert client.post("/prenumeration/avslutad/").status_code == 405


def test_post_needs_the_csrf_token(vaggeryd):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(KOMMUN_URL, {"email": "a@example.se"}).status_code == 403
    assert not Subscription.objects.exists()


def test_filled_honeypot_stores_and_sends_nothing_but_looks_the_same(client, vaggeryd):
    response = client.post(KOMMUN_URL, {"email": "a@example.se", "website": "http://spam"})
    assert response.status_code == 302
    assert response["Location"] == "/prenumeration/kommun/vaggeryd/skickat/"
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_rate_limit_stops_a_flood_and_keeps_the_address(client, vaggeryd, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    for number in range(2):
        assert client.post(KOMMUN_URL, {"email": f"a{number}@example.se"}).status_code == 302
    response = client.post(KOMMUN_URL, {"email": "third@example.se"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "För många förfrågningar på kort tid" in page
    assert 'value="third@example.se"' in page
    assert Subscription.objects.count() == 2
    assert len(mail.outbox) == 2


# Double opt-in -----------------------------------------------------------------------------


def test_subscribing_sends_a_confirmation_link_and_stores_only_its_hash(client, vaggeryd):
    response = client.post(KOMMUN_URL, {"email": " Anna@Example.SE "})
    assert response.status_code == 302
    assert response["Location"] == "/prenumeration/kommun/vaggeryd/skickat/"
    subscription = Subscription.objects.get()
    assert subscription.email == "anna@example.se"
    assert subscription.municipality == vaggeryd
    assert subscription.confirmed_at is None
    [message] = mail.outbox
    assert message.to == ["anna@example.se"]
    assert message.subject == "Bekräfta e-post om Vaggeryds kommun"
    path = link_in(message, "/prenumeration/bekrafta/")
    token = path.split("/")[-2]
    assert subscription.token_hash == token_hash(token) != token


def test_check_your_email_page(client, vaggeryd, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/prenumeration/kommun/vaggeryd/skickat/")
    assert response.status_code == 200
    assert "Titta i din e-post" in response.content.decode()


def test_confirm_link_shows_a_button_and_post_confirms(client, vaggeryd):
    client.post(KOMMUN_URL, {"email": "anna@example.se"})
    path = link_in(mail.outbox[0], "/prenumeration/bekrafta/")
    response = client.get(path)
    assert response.status_code == 200
    assert "Ja, starta prenumerationen" in response.content.decode()
    # Opening the link (a link scanner) confirms nothing.
    assert Subscription.objects.get().confirmed_at is None
    response = client.post(path)
    assert response.status_code == 302
    assert Subscription.objects.get().confirmed_at is not None
    page = client.get(path).content.decode()
    assert "Prenumerationen är bekräftad" in page
    assert "Nu får du e-post när något publiceras om Vaggeryds kommun." in page


@pytest.mark.parametrize("path", ["/prenumeration/bekrafta/fel/", "/prenumeration/bekrafta/x/"])
def test_bad_confirm_token_gives_a_clear_page(client, db, path):
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 404
        assert "Länken fungerar inte" in response.content.decode()


def test_expired_confirm_link_gives_a_clear_page_and_confirms_nothing(client, vaggeryd, settings):
    client.post(KOMMUN_URL, {"email": "anna@example.se"})
    path = link_in(mail.outbox[0], "/prenumeration/bekrafta/")
    Subscription.objects.update(
        requested_at=timezone.now() - datetime.timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS)
    )
    response = client.post(path)
    assert response.status_code == 404
    assert "Länken fungerar inte" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_confirm_needs_csrf(client, vaggeryd):
    from django.test import Client

    client.post(KOMMUN_URL, {"email": "anna@example.se"})
    path = link_in(mail.outbox[0], "/prenumeration/bekrafta/")
    assert Client(enforce_csrf_checks=True).post(path).status_code == 403
    assert Subscription.objects.get().confirmed_at is None


# The same answer whatever the address's state ---------------------------------------------


def test_same_page_and_one_message_whether_new_waiting_or_confirmed(client, vaggeryd):
    answers = []
    subscribe_and_confirm(client, "known@example.se", municipality=vaggeryd)
    client.post(KOMMUN_URL, {"email": "waiting@example.se"})
    mail.outbox.clear()
    for email in ("new@example.se", "waiting@example.se", "known@example.se"):
        response = client.post(KOMMUN_URL, {"email": email})
        answers.append((response.status_code, response["Location"], response.content))
    assert len(set(answers)) == 1
    # One message to each address: the owner learns what they already know, nobody else does.
    assert [message.to for message in mail.outbox] == [
        ["new@example.se"],
        ["waiting@example.se"],
        ["known@example.se"],
    ]
    assert mail.outbox[2].subject == "Du får redan e-post om Vaggeryds kommun"
    assert "/prenumeration/avsluta/" in mail.outbox[2].body
    assert Subscription.objects.filter(email="known@example.se").count() == 1


def test_asking_again_before_confirming_replaces_the_link(client, vaggeryd):
    client.post(KOMMUN_URL, {"email": "anna@example.se"})
    first = link_in(mail.outbox[0], "/prenumeration/bekrafta/")
    client.post(KOMMUN_URL, {"email": "anna@example.se"})
    second = link_in(mail.outbox[1], "/prenumeration/bekrafta/")
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert Subscription.objects.count() == 1


def test_one_address_may_follow_a_kommun_and_a_pledge(client, vaggeryd, pledge):
    client.post(KOMMUN_URL, {"email": "anna@example.se"})
    client.post(pledge_url(pledge), {"email": "anna@example.se"})
    assert Subscription.objects.filter(email="anna@example.se").count() == 2
    assert mail.outbox[1].subject == "Bekräfta e-post om Medborgarlöfte vaggeryd-2026"


# Unsubscribing ----------------------------------------------------------------------------


def test_unsubscribe_get_shows_a_button_and_removes_nothing(client, vaggeryd):
    subscription = subscribe_and_confirm(client, "anna@example.se", municipality=vaggeryd)
    response = client.get(subscription.unsubscribe_path())
    assert response.status_code == 200
    assert "Sluta skicka e-post och ta bort min adress" in response.content.decode()
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_unsubscribe_post_removes_the_address_and_its_deliveries(client, vaggeryd):
    subscription = subscribe_and_confirm(client, "anna@example.se", municipality=vaggeryd)
    subscription.deliveries.create(kind="follow_up", object_id=1)
    response = client.post(subscription.unsubscribe_path())
    assert response.status_code == 302
    assert response["Location"] == "/prenumeration/avslutad/"
    assert not Subscription.objects.exists()
    assert not subscription.deliveries.model.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Din adress är borttagen" in page


def test_one_click_post_without_csrf_token_unsubscribes(vaggeryd):
    from django.test import Client

    subscription = Subscription.objects.create(
        email="anna@example.se", municipality=vaggeryd, token_hash="1" * 64
    )
    subscription.confirm()
    # RFC 8058: the mail program POSTs this body to the List-Unsubscribe address.
    response = Client(enforce_csrf_checks=True).post(
        subscription.unsubscribe_path(), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 302
    assert not Subscription.objects.exists()


def test_unsubscribing_twice_is_fine(client, vaggeryd):
    subscription = subscribe_and_confirm(client, "anna@example.se", municipality=vaggeryd)
    path = subscription.unsubscribe_path()
    client.post(path)
    assert client.post(path).status_code == 302
    assert client.get(path)["Location"] == "/prenumeration/avslutad/"


def test_forged_unsubscribe_link_removes_nothing(client, vaggeryd):
    subscription = subscribe_and_confirm(client, "anna@example.se", municipality=vaggeryd)
    other = Subscription.objects.create(
        email="bo@example.se", municipality=vaggeryd, token_hash="2" * 64
    )
    signature = subscription.unsubscribe_token().split(":")[1]
    for path in (f"/prenumeration/avsluta/{other.pk}:{signature}/", "/prenumeration/avsluta/x/"):
        response = client.post(path)
        assert response.status_code == 404
        assert "Länken fungerar inte" in response.content.decode()
    assert Subscription.objects.count() == 2


def test_unsubscribe_put_is_405(client, vaggeryd):
    subscription = subscribe_and_confirm(client, "anna@example.se", municipality=vaggeryd)
    assert client.put(subscription.unsubscribe_path()).status_code == 405
    assert client.put("/prenumeration/avslutad/").status_code == 405


# Purge ------------------------------------------------------------------------------------


def test_purge_removes_only_unconfirmed_addresses_past_the_limit(client, vaggeryd, settings):
    settings.SUBSCRIPTION_CONFIRM_DAYS = 3
    now = timezone.now()
    old = now - datetime.timedelta(days=3, minutes=1)
    recent = now - datetime.timedelta(days=2, hours=23)
    confirmed = subscribe_and_confirm(client, "kept@example.se", municipality=vaggeryd)
    Subscription.objects.filter(pk=confirmed.pk).update(requested_at=old)
    Subscription.objects.create(
        email="old@example.se", municipality=vaggeryd, token_hash="1" * 64, requested_at=old
    )
    Subscription.objects.create(
        email="recent@example.se", municipality=vaggeryd, token_hash="2" * 64, requested_at=recent
    )
    out = io.StringIO()
    call_command("purge_subscriptions", stdout=out)
    assert "Removed 1 unconfirmed address(es)" in out.getvalue()
    assert set(Subscription.objects.values_list("email", flat=True)) == {
        "kept@example.se",
        "recent@example.se",
    }


# The include for the kommun and pledge pages --------------------------------------------


def test_subscribe_link_include(vaggeryd, pledge):
    from django.template.loader import render_to_string

    kommun = render_to_string("subscriptions/includes/subscribe_link.html", {"kommun": vaggeryd})
    assert 'href="/prenumeration/kommun/vaggeryd/"' in kommun
    assert "Få e-post när något händer" in kommun
    for_pledge = render_to_string("subscriptions/includes/subscribe_link.html", {"pledge": pledge})
    assert 'href="/prenumeration/medborgarlofte/vaggeryd-2026/"' in for_pledge


# Valid HTML, including the pages behind secret links that the site-wide crawl cannot reach --


def test_every_subscription_page_is_valid_html(client, vaggeryd, pledge, tmp_path):
    from portal.tests.browser import html_problems

    pages = {
        "kommun form": client.get(KOMMUN_URL).content,
        "pledge form": client.get(pledge_url(pledge)).content,
        "form with errors": client.post(KOMMUN_URL, {"email": "fel"}).content,
        "check your e-mail": client.get("/prenumeration/kommun/vaggeryd/skickat/").content,
        "broken link": client.get("/prenumeration/bekrafta/fel/").content,
    }
    client.post(KOMMUN_URL, {"email": "anna@example.se"})
    confirm = link_in(mail.outbox[-1], "/prenumeration/bekrafta/")
    pages["confirm"] = client.get(confirm).content
    client.post(confirm)
    pages["confirmed"] = client.get(confirm).content
    subscription = Subscription.objects.get()
    pages["unsubscribe"] = client.get(subscription.unsubscribe_path()).content
    pages["removed"] = client.get("/prenumeration/avslutad/").content
    problems = html_problems(pages, tmp_path)
    assert not problems, "\n".join(problems)
