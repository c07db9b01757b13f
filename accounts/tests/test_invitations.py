"""The administrator invites a person in one form; the person chooses a password from the link."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, token_hash
from organisations.models import Membership
from pledges.tests.factories import make_pledge

from .conftest import ADD_URL, STRONG_PASSWORD, invite_form, link_in

pytestmark = pytest.mark.django_db
User = get_user_model()


def choose(client, link, password=STRONG_PASSWORD, again=None):
    return client.post(link, {"new_password1": password, "new_password2": again or password})


# Inviting


def test_the_administrator_invites_in_one_form_and_the_mail_is_sent(
    admin_client_, superuser, vaggeryd, mailoutbox
):
    response = admin_client_.post(ADD_URL, invite_form(municipality=vaggeryd.pk))

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.name, invitation.municipality, invitation.invited_by) == (
        "anna.svensson@vaggeryd.se",
        "Anna Svensson",
        vaggeryd,
        superuser,
    )
    assert invitation.status == Invitation.Status.PENDING
    assert invitation.sent_at is not None
    [message] = mailoutbox
    assert message.to == ["anna.svensson@vaggeryd.se"]
    assert message.subject == "Inbjudan att arbeta med medborgarlöftena för Vaggeryds kommun"
    assert "Hej Anna Svensson," in message.body
    assert "med rollen ”Kommunal samordnare” för Vaggeryds kommun." in message.body
    assert [mimetype for _, mimetype in message.alternatives] == ["text/html"]
    link = link_in(message)
    assert link.startswith("/konto/inbjudan/")
    # Only a hash of the token is stored: the database alone cannot make a working link.
    token = link.split("/")[3]
    assert invitation.token_hash == token_hash(token) != token


def test_the_link_expires_after_the_configured_days(admin_client_, vaggeryd, settings):
    settings.INVITATION_MAX_AGE_DAYS = 3
    before = timezone.now()
    admin_client_.post(ADD_URL, invite_form(municipality=vaggeryd.pk))
    expires = Invitation.objects.get().expires_at
    assert before + datetime.timedelta(days=3) <= expires <= timezone.now() + datetime.timedelta(3)


def test_the_address_is_stored_in_lower_case(admin_client_, vaggeryd):
    data = invite_form(email=" Anna.Svensson@Vaggeryd.SE", municipality=vaggeryd.pk)
    admin_client_.post(ADD_URL, data)
    assert Invitation.objects.get().email == "anna.svensson@vaggeryd.se"


def test_links_start_with_the_portal_base_url(admin_client_, vaggeryd, mailoutbox, settings):
    settings.PORTAL_BASE_URL = "https://medborgarloften.example.se"
    admin_client_.post(ADD_URL, invite_form(municipality=vaggeryd.pk))
    assert "https://medborgarloften.example.se/konto/inbjudan/" in mailoutbox[0].body


def test_a_police_invitation_needs_a_police_area(admin_client_, vaggeryd, mailoutbox):
    response = admin_client_.post(
        ADD_URL, invite_form(role=Membership.Role.POLICE, municipality=vaggeryd.pk)
    )
    assert response.status_code == 200
    # Both fields say what is wrong with them.
    assert response.context["adminform"].form.errors == {
        "police_area": ["Välj det lokalpolisområde polisen arbetar i."],
        "municipality": [
            "En medarbetare hos polisen hör till ett lokalpolisområde, inte till en kommun."
        ],
    }
    assert (Invitation.objects.count(), len(mailoutbox)) == (0, 0)


def test_a_coordinator_invitation_needs_a_municipality(admin_client_, lpo_varnamo, mailoutbox):
    response = admin_client_.post(ADD_URL, invite_form(police_area=lpo_varnamo.pk))
    assert response.context["adminform"].form.errors == {
        "municipality": ["Välj den kommun samordnaren arbetar för."],
        "police_area": [
            "En kommunal samordnare hör till en kommun, inte till ett lokalpolisområde."
        ],
    }
    assert (Invitation.objects.count(), len(mailoutbox)) == (0, 0)


def test_inviting_someone_who_already_has_the_role_says_so(
    admin_client_, vaggeryd_coordinator, vaggeryd, mailoutbox
):
    User.objects.filter(pk=vaggeryd_coordinator.pk).update(email="samordnare@vaggeryd.se")
    response = admin_client_.post(
        ADD_URL, invite_form(email="Samordnare@vaggeryd.se", municipality=vaggeryd.pk)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "samordnare@vaggeryd.se har redan den här rollen i Vaggeryd: ingen inbjudan behövs."
    ]
    assert (Invitation.objects.count(), len(mailoutbox)) == (0, 0)


def test_inviting_twice_points_to_the_waiting_invitation(invited, client, superuser, vaggeryd):
    client.force_login(superuser)
    response = client.post(ADD_URL, invite_form(municipality=vaggeryd.pk))
    assert response.status_code == 200
    [error] = response.context["adminform"].form.non_field_errors()
    assert error.startswith(
        "anna.svensson@vaggeryd.se har redan en inbjudan till Vaggeryd som väntar."
    )
    assert Invitation.objects.count() == 1


def test_a_failing_mail_server_keeps_the_invitation_and_says_so(
    admin_client_, vaggeryd, monkeypatch
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(services, "send_templated_mail", broken)
    response = admin_client_.post(ADD_URL, invite_form(municipality=vaggeryd.pk), follow=True)
    assert response.status_code == 200
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None
    texts = [str(m) for m in response.context["messages"]]
    assert any("e-postmeddelandet kunde inte skickas" in text for text in texts), texts


# Accepting


def test_the_accept_page_says_who_invited_to_what(invited, client, superuser):
    superuser.first_name, superuser.last_name = "Portal", "Admin"
    superuser.save()
    invitation, link = invited
    response = client.get(link)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Portal Admin har bjudit in dig" in content
    assert "Vaggeryds kommun" in content
    assert "med rollen <strong>Kommunal samordnare</strong>" in content
    assert '<label for="id_new_password1">Välj ett lösenord:</label>' in content
    assert '<label for="id_new_password2">Samma lösenord igen:</label>' in content
    assert 'value="Godta inbjudan"' in content


def test_accepting_creates_the_account_logs_in_and_opens_the_admin(invited, client, vaggeryd):
    invitation, link = invited
    response = choose(client, link)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    user = User.objects.get(username="anna.svensson@vaggeryd.se")
    assert (user.email, user.first_name, user.last_name) == (
        "anna.svensson@vaggeryd.se",
        "Anna",
        "Svensson",
    )
    assert (user.is_active, user.is_staff, user.is_superuser) == (True, True, False)
    assert user.check_password(STRONG_PASSWORD)
    assert list(user.memberships.values_list("role", "municipality")) == [
        ("coordinator", vaggeryd.pk)
    ]
    assert client.session["_auth_user_id"] == str(user.pk)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_user) == (Invitation.Status.ACCEPTED, user)
    # The membership's history names the administrator who gave the access.
    assert user.memberships.get().history.get().history_user == invitation.invited_by


def test_the_new_coordinator_logs_in_and_sees_only_their_kommuns_pledges(
    invited, client, lpo_varnamo, lpo_fyrbodal
):
    make_pledge(lpo_varnamo, slug="vaggeryd-2026", title="Trygga Vaggeryd")
    make_pledge(lpo_fyrbodal, ("Vänersborg",), slug="vanersborg-2026", title="Trygga Vänersborg")
    choose(client, invited[1])
    client.logout()

    login = client.post(
        reverse("admin:login"),
        {"username": "anna.svensson@vaggeryd.se", "password": STRONG_PASSWORD},
    )
    assert login.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    response = client.get(reverse("admin:pledges_pledge_changelist"))
    assert response.status_code == 200
    assert [p.title for p in response.context["cl"].result_list] == ["Trygga Vaggeryd"]


def test_a_weak_password_is_refused_and_nothing_is_created(invited, client):
    invitation, link = invited
    response = choose(client, link, password="kort123")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Det här lösenordet är för kort. Det måste innehålla minst 12 tecken." in content
    assert "Anna Svensson" in content
    assert not User.objects.filter(username="anna.svensson@vaggeryd.se").exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_a_password_like_the_name_is_refused(invited, client):
    response = choose(client, invited[1], password="anna.svensson@vaggeryd")
    assert response.status_code == 200
    assert not User.objects.filter(username="anna.svensson@vaggeryd.se").exists()


def test_two_different_passwords_are_refused(invited, client):
    response = choose(client, invited[1], again="ett-annat-losenord-99")
    assert response.status_code == 200
    assert "De två lösenordsfälten stämmer inte överens." in response.content.decode()
    assert not User.objects.filter(username="anna.svensson@vaggeryd.se").exists()


def test_a_used_link_shows_a_clear_page_and_changes_nothing(invited, client):
    invitation, link = invited
    choose(client, link)
    client.logout()

    response = choose(client, link, password="ett-annat-losenord-99")
    assert response.status_code == 410
    assert "Inbjudan har redan godtagits" in response.content.decode()
    assert User.objects.get(username="anna.svensson@vaggeryd.se").check_password(STRONG_PASSWORD)
    assert "_auth_user_id" not in client.session


def test_an_expired_link_shows_a_clear_page_and_changes_nothing(invited, client):
    invitation, link = invited
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert client.get(link).status_code == 410
    response = choose(client, link)
    assert response.status_code == 410
    assert "Länken gick ut" in response.content.decode()
    assert not User.objects.filter(username="anna.svensson@vaggeryd.se").exists()


def test_a_revoked_link_shows_a_clear_page(invited, client, superuser):
    invitation, link = invited
    client.force_login(superuser)
    client.post(reverse("admin:accounts_invitation_revoke", args=[invitation.pk]))
    client.logout()
    response = choose(client, link)
    assert response.status_code == 410
    assert "har dragit tillbaka inbjudan" in response.content.decode()
    assert not User.objects.filter(username="anna.svensson@vaggeryd.se").exists()


@pytest.mark.parametrize("token", ["garbage", "x" * 500, "%00", "ÅÄÖ"])
def test_a_garbage_link_is_a_clear_404(client, db, token):
    response = client.get(f"/konto/inbjudan/{token}/")
    assert response.status_code == 404
    assert "Länken är inte en giltig inbjudan" in response.content.decode()


def test_the_accept_page_answers_only_get_and_post(invited, client):
    assert client.put(invited[1]).status_code == 405
    assert client.delete(invited[1]).status_code == 405


def test_the_accept_page_reads_a_bounded_number_of_queries(
    invited, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get(invited[1])
    assert response.status_code == 200


# Someone who already has an account


def test_an_existing_account_confirms_with_its_password(
    admin_client_, varnamo_police, vaggeryd, mailoutbox, client
):
    User.objects.filter(pk=varnamo_police.pk).update(email="polis@varnamo.se")
    admin_client_.post(ADD_URL, invite_form(email="polis@varnamo.se", municipality=vaggeryd.pk))
    link = link_in(mailoutbox[0])

    page = client.get(link).content.decode()
    assert "Du har redan ett konto, <strong>polis.varnamo</strong>" in page
    wrong = client.post(link, {"password": "fel-losenord-123"})
    assert wrong.status_code == 200
    assert "Lösenordet stämmer inte för polis.varnamo." in wrong.content.decode()
    assert varnamo_police.memberships.count() == 1

    right = client.post(link, {"password": "test-password-123"})
    assert right.status_code == 302
    assert sorted(varnamo_police.memberships.values_list("role", flat=True)) == [
        "coordinator",
        "police",
    ]
    assert client.session["_auth_user_id"] == str(varnamo_police.pk)
    assert User.objects.count() == 2  # superuser and the police officer: nobody new


def test_logged_in_as_the_invited_account_one_button_accepts(
    admin_client_, varnamo_police, vaggeryd, mailoutbox, client
):
    User.objects.filter(pk=varnamo_police.pk).update(email="polis@varnamo.se")
    admin_client_.post(ADD_URL, invite_form(email="polis@varnamo.se", municipality=vaggeryd.pk))
    link = link_in(mailoutbox[0])
    client.force_login(varnamo_police)

    assert "Du är inloggad som <strong>polis.varnamo</strong>" in client.get(link).content.decode()
    assert client.post(link).status_code == 302
    assert varnamo_police.memberships.filter(municipality=vaggeryd).exists()


def test_a_deactivated_account_is_opened_again_with_a_new_password(
    admin_client_, vaggeryd_coordinator, vaggeryd, mailoutbox, client
):
    services.deactivate(vaggeryd_coordinator)
    User.objects.filter(pk=vaggeryd_coordinator.pk).update(email="samordnare@vaggeryd.se")
    admin_client_.post(
        ADD_URL, invite_form(email="samordnare@vaggeryd.se", municipality=vaggeryd.pk)
    )
    response = choose(client, link_in(mailoutbox[0]))

    assert response.status_code == 302
    vaggeryd_coordinator.refresh_from_db()
    assert (vaggeryd_coordinator.is_active, vaggeryd_coordinator.is_staff) == (True, True)
    assert vaggeryd_coordinator.check_password(STRONG_PASSWORD)
    assert User.objects.filter(email="samordnare@vaggeryd.se").count() == 1


# The administrator's list and actions


def test_sending_again_makes_a_new_link_and_kills_the_old(invited, client, superuser, mailoutbox):
    invitation, old_link = invited
    client.force_login(superuser)
    response = client.post(reverse("admin:accounts_invitation_resend", args=[invitation.pk]))
    assert response.status_code == 302
    new_link = link_in(mailoutbox[-1])
    assert (len(mailoutbox), new_link != old_link) == (2, True)
    client.logout()

    assert client.get(old_link).status_code == 404
    assert choose(client, new_link).status_code == 302


def test_an_expired_invitation_can_be_sent_again(invited, client, superuser, mailoutbox):
    invitation, _ = invited
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    client.force_login(superuser)
    client.post(reverse("admin:accounts_invitation_resend", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert len(mailoutbox) == 2


def test_an_accepted_invitation_is_not_sent_again(invited, client, superuser, mailoutbox):
    invitation, link = invited
    choose(client, link)
    client.logout()
    client.force_login(superuser)
    response = client.post(
        reverse("admin:accounts_invitation_resend", args=[invitation.pk]), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Inbjudan till anna.svensson@vaggeryd.se är godtagen: ingen ny länk skickades."
    ]
    assert len(mailoutbox) == 1


def test_the_list_actions_revoke_the_selected(invited, client, superuser):
    invitation, _ = invited
    client.force_login(superuser)
    client.post(
        reverse("admin:accounts_invitation_changelist"),
        {"action": "revoke_selected", "_selected_action": [invitation.pk]},
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED


def test_resend_and_revoke_answer_only_post(invited, client, superuser):
    client.force_login(superuser)
    pk = invited[0].pk
    assert client.get(reverse("admin:accounts_invitation_resend", args=[pk])).status_code == 405
    assert client.get(reverse("admin:accounts_invitation_revoke", args=[pk])).status_code == 405
    assert invited[0].status == Invitation.Status.PENDING


def test_the_invitation_page_offers_send_again_and_revoke(invited, client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:accounts_invitation_change", args=[invited[0].pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Skicka igen"' in content
    assert 'value="Återkalla"' in content


def test_the_invitation_list_reads_a_bounded_number_of_queries(
    invited, client, superuser, lpo_varnamo, django_assert_max_num_queries
):
    for number in range(10):
        Invitation.objects.create(
            email=f"polis{number}@example.se",
            name=f"Polis {number}",
            role=Membership.Role.POLICE,
            police_area=lpo_varnamo,
            invited_by=superuser,
            token_hash=f"{number:064d}",
            expires_at=timezone.now(),
        )
    client.force_login(superuser)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:accounts_invitation_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 11


@pytest.mark.parametrize(
    "name", ["admin:accounts_invitation_changelist", "admin:accounts_invitation_add"]
)
def test_staff_who_are_not_the_administrator_cannot_invite(client, vaggeryd_coordinator, name):
    client.force_login(vaggeryd_coordinator)
    assert client.get(reverse(name)).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert "Inbjudningar" not in index


def test_staff_cannot_send_or_revoke_either(invited, client, vaggeryd_coordinator, mailoutbox):
    client.force_login(vaggeryd_coordinator)
    pk = invited[0].pk
    assert client.post(reverse("admin:accounts_invitation_resend", args=[pk])).status_code == 403
    assert client.post(reverse("admin:accounts_invitation_revoke", args=[pk])).status_code == 403
    assert (invited[0].status, len(mailoutbox)) == (Invitation.Status.PENDING, 1)


def test_the_list_filters_by_status(invited, client, superuser, lpo_varnamo):
    revoked = Invitation.objects.create(
        email="polis@example.se",
        name="Polis",
        role=Membership.Role.POLICE,
        police_area=lpo_varnamo,
        invited_by=superuser,
        token_hash="0" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=1),
        revoked_at=timezone.now(),
    )
    client.force_login(superuser)
    url = reverse("admin:accounts_invitation_changelist")
    waiting = client.get(url, {"status": "pending"}).context["cl"].result_list
    withdrawn = client.get(url, {"status": "revoked"}).context["cl"].result_list
    assert (list(waiting), list(withdrawn)) == ([invited[0]], [revoked])


def test_the_invitation_form_asks_for_four_things_in_five_inputs(admin_client_):
    # The onboarding figure in the README: e-mail, name, role, and a kommun or a police area.
    response = admin_client_.get(ADD_URL)
    form = response.context["adminform"].form
    assert list(form.fields) == ["email", "name", "role", "municipality", "police_area"]
    content = response.content.decode()
    for label in ["E-post", "Namn", "Roll", "Kommun", "Lokalpolisområde"]:
        assert f">{label}:</label>" in content


def test_a_police_invitation_names_the_police_area_in_running_text(
    admin_client_, lpo_varnamo, mailoutbox, client
):
    admin_client_.post(
        ADD_URL,
        invite_form(
            email="polis@example.se", role=Membership.Role.POLICE, police_area=lpo_varnamo.pk
        ),
    )
    [message] = mailoutbox
    assert (
        message.subject == "Inbjudan att arbeta med medborgarlöftena för lokalpolisområde Värnamo"
    )
    assert "med rollen ”Polisen” för lokalpolisområde Värnamo." in message.body
    response = choose(client, link_in(message))
    assert response.status_code == 302
    user = User.objects.get(username="polis@example.se")
    assert list(user.memberships.values_list("role", "police_area")) == [("police", lpo_varnamo.pk)]
