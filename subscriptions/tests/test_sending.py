"""send_subscription_mail: what was published since confirmation, once, to each subscriber."""

import datetime
import io

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.utils import timezone

from dialogue.models import DialogueActivity
from followup.tests.factories import make_report
from pledges.models import Pledge
from pledges.tests.factories import make_pledge
from subscriptions import services
from subscriptions.models import Delivery, Subscription

from .conftest import BASE_URL, subscribe_and_confirm

pytestmark = pytest.mark.django_db


def send():
    call_command("send_subscription_mail", stdout=io.StringIO())


def activity(municipality, title, **fields):
    fields.setdefault("kind", DialogueActivity.Kind.CITIZEN_DIALOGUE)
    fields.setdefault("is_published", True)
    return DialogueActivity.objects.create(
        municipality=municipality,
        title=title,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        location="Biblioteket",
        **fields,
    )


def new_version(pledge, reason, **changes):
    for name, value in changes.items():
        setattr(pledge, name, value)
    pledge.change_reason = reason
    pledge.save()
    return pledge.publish_without_approvals()


def messages_to(email):
    return [message for message in mail.outbox if message.to == [email]]


@pytest.fixture
def kommun_follower(client, vaggeryd):
    return subscribe_and_confirm(client, "anna@example.se", municipality=vaggeryd)


@pytest.fixture
def pledge_follower(client, pledge):
    return subscribe_and_confirm(client, "bo@example.se", pledge=pledge)


# Each kind of event -----------------------------------------------------------------------


def test_published_follow_up_is_sent_to_kommun_and_pledge_followers(
    pledge, kommun_follower, pledge_follower
):
    report = make_report(pledge, year=2026, tertial=1)
    send()
    for email in ("anna@example.se", "bo@example.se"):
        [message] = messages_to(email)
        assert "Uppföljning publicerad: Medborgarlöfte vaggeryd-2026, T1 2026" in message.body
        assert BASE_URL + report.get_absolute_url() in message.body
    assert messages_to("anna@example.se")[0].subject == "Nytt om Vaggeryds kommun"
    assert messages_to("bo@example.se")[0].subject == "Nytt om Medborgarlöfte vaggeryd-2026"


def test_draft_follow_up_is_not_sent(pledge, kommun_follower):
    make_report(pledge, published=False, summary="Hemligt utkast")
    send()
    assert mail.outbox == []


def test_new_pledge_version_is_sent_with_its_reason(pledge, pledge_follower):
    version = new_version(pledge, "Fler trygghetsvandringar i Skillingaryd.", title="Nytt namn")
    send()
    [message] = mail.outbox
    assert "Medborgarlöftet har ändrats: Nytt namn, version 2" in message.body
    assert "Skäl: Fler trygghetsvandringar i Skillingaryd." in message.body
    assert BASE_URL + version.get_absolute_url() in message.body


def test_unpublished_edit_of_a_pledge_is_not_sent(pledge, kommun_follower, pledge_follower):
    pledge.title = "Arbetskopians titel"
    pledge.change_reason = "Inte godkänt än"
    pledge.save()
    make_report(pledge)
    send()
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Arbetskopians titel" not in message.body
        assert "Inte godkänt än" not in message.body
        assert "Medborgarlöfte vaggeryd-2026" in message.body


def test_new_pledge_in_the_kommun_is_sent_to_kommun_followers(lpo_varnamo, kommun_follower):
    make_pledge(lpo_varnamo, slug="vaggeryd-2027", status=Pledge.Status.PUBLISHED)
    make_pledge(lpo_varnamo, ["Gnosjö"], slug="gnosjo-2027", status=Pledge.Status.PUBLISHED)
    make_pledge(lpo_varnamo, slug="vaggeryd-utkast")
    send()
    [message] = mail.outbox
    assert "Nytt medborgarlöfte publicerat: Medborgarlöfte vaggeryd-2027" in message.body
    assert "gnosjo" not in message.body
    assert "utkast" not in message.body


def test_public_dialogue_activity_is_sent_to_kommun_followers_only(
    vaggeryd, vanersborg, pledge, kommun_follower, pledge_follower
):
    meeting = activity(vaggeryd, "Medborgardialog i Skillingaryd")
    activity(vaggeryd, "Intern medarbetardialog", kind="staff_dialogue")
    activity(vaggeryd, "Opublicerad vandring", is_published=False)
    activity(vanersborg, "Vandring i Torpa")
    send()
    [message] = mail.outbox
    assert message.to == ["anna@example.se"]
    assert "Medborgardialog: Medborgardialog i Skillingaryd" in message.body
    assert BASE_URL + meeting.get_absolute_url() in message.body
    for hidden in ("medarbetardialog", "Opublicerad", "Torpa"):
        assert hidden not in message.body


def test_activity_published_after_confirmation_counts_as_new(client, vaggeryd):
    walk = activity(vaggeryd, "Trygghetsvandring i Skillingaryd", is_published=False)
    earlier = activity(vaggeryd, "Möte som redan var publicerat")
    subscribe_and_confirm(client, "anna@example.se", municipality=vaggeryd)
    walk.is_published = True
    walk.save()
    earlier.description = "Ändrad beskrivning"
    earlier.save()
    send()
    [message] = mail.outbox
    assert "Trygghetsvandring i Skillingaryd" in message.body
    assert "Möte som redan var publicerat" not in message.body


def test_nothing_from_before_the_confirmation(client, vaggeryd, pledge):
    make_report(pledge, tertial=1)
    activity(vaggeryd, "Gammalt möte")
    subscribe_and_confirm(client, "anna@example.se", municipality=vaggeryd)
    send()
    assert mail.outbox == []


def test_unconfirmed_address_gets_nothing(client, vaggeryd, pledge):
    services.subscribe("waiting@example.se", municipality=vaggeryd)
    mail.outbox.clear()
    make_report(pledge)
    activity(vaggeryd, "Möte")
    send()
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_follow_up_of_a_pledge_withdrawn_before_sending_is_not_sent(pledge, kommun_follower):
    make_report(pledge)
    services.discover()
    Pledge.objects.filter(pk=pledge.pk).update(status=Pledge.Status.WITHDRAWN)
    send()
    assert mail.outbox == []
    # Forgotten rather than marked: published again, it would be found and sent then.
    assert not Delivery.objects.exists()


# One message per run, with headers --------------------------------------------------------


def test_one_message_groups_the_events_and_has_one_click_unsubscribe(
    vaggeryd, pledge, kommun_follower
):
    make_report(pledge, tertial=1)
    make_report(pledge, tertial=2)
    activity(vaggeryd, "Möte i Vaggeryd")
    send()
    [message] = mail.outbox
    assert message.body.count("Uppföljning publicerad") == 2
    assert "Möte i Vaggeryd" in message.body
    unsubscribe = BASE_URL + kommun_follower.unsubscribe_path()
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body
    rendered = message.message()
    assert rendered["List-Unsubscribe"] == f"<{unsubscribe}>"


def test_unsubscribe_link_of_a_message_works(client, pledge, kommun_follower):
    make_report(pledge)
    send()
    path = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix(BASE_URL)
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 302
    assert not Subscription.objects.exists()


def test_command_needs_the_portal_address(settings, db):
    settings.PORTAL_BASE_URL = ""
    with pytest.raises(CommandError, match="PORTAL_BASE_URL"):
        send()


def test_query_count_of_a_message_does_not_grow_with_its_events(
    vaggeryd, pledge, kommun_follower, django_assert_num_queries
):
    def queries_for_one_message(reports):
        for tertial in reports:
            make_report(pledge, year=2026 if tertial < 4 else 2025, tertial=(tertial - 1) % 3 + 1)
        services.discover()
        with django_assert_num_queries(QUERIES) as captured:
            assert services.send_pending() == 1
        return len(captured)

    # The pending list; the claim (savepoint, lock, update, release, read back); one query per
    # kind of event; the subscription; marking sent. (Nothing gone: no delete.)
    QUERIES = 9
    assert queries_for_one_message([1]) == QUERIES
    assert queries_for_one_message([2, 3, 4, 5, 6]) == QUERIES


# Exactly once -----------------------------------------------------------------------------


def test_running_twice_sends_nothing_twice(pledge, kommun_follower, pledge_follower):
    make_report(pledge)
    send()
    send()
    assert len(mail.outbox) == 2
    make_report(pledge, tertial=2)
    send()
    send()
    assert len(mail.outbox) == 4
    assert Delivery.objects.filter(sent_at__isnull=True).count() == 0


class FailingBackend(EmailBackend):
    """The mail server accepts `accept` messages, then fails (a crash mid-run)."""

    accept = 0

    def send_messages(self, messages):
        for message in messages:
            if FailingBackend.accept <= 0:
                raise ConnectionError("The mail server went away.")
            FailingBackend.accept -= 1
            super().send_messages([message])
        return len(messages)


def test_crash_mid_run_then_rerun_sends_each_message_exactly_once(
    client, vaggeryd, pledge, settings
):
    followers = [
        subscribe_and_confirm(client, f"boende{number}@example.se", municipality=vaggeryd)
        for number in range(5)
    ]
    make_report(pledge)
    activity(vaggeryd, "Möte")
    settings.EMAIL_BACKEND = "subscriptions.tests.test_sending.FailingBackend"
    FailingBackend.accept = 2
    with pytest.raises(ConnectionError):
        send()
    assert len(mail.outbox) == 2
    # The server is back.
    FailingBackend.accept = 100
    send()
    send()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        follower.email for follower in followers
    )
    for message in mail.outbox:
        assert "Uppföljning publicerad" in message.body and "Möte" in message.body


def test_deliveries_of_a_run_that_died_after_claiming_are_sent_once_the_claim_is_stale(
    pledge, kommun_follower, pledge_follower
):
    make_report(pledge)
    services.discover()
    now = timezone.now()
    # A run that died long ago holds Anna's; a run still busy holds Bo's.
    Delivery.objects.filter(subscription=kommun_follower).update(
        claim="dead", claimed_at=now - services.CLAIM_TIMEOUT - datetime.timedelta(minutes=1)
    )
    Delivery.objects.filter(subscription=pledge_follower).update(claim="busy", claimed_at=now)
    assert services.send_pending() == 1
    assert [message.to for message in mail.outbox] == [["anna@example.se"]]


def test_a_second_concurrent_run_cannot_claim_what_the_first_holds(pledge, kommun_follower):
    make_report(pledge)
    services.discover()
    now = timezone.now()
    first = services.claim(kommun_follower.pk, "first", now)
    second = services.claim(kommun_follower.pk, "second", now)
    assert len(first) == 1
    assert second == []
