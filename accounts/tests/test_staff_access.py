"""Staff access follows membership, and a member is removed without losing what they did."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts import services
from organisations.models import Membership
from pledges.models import PledgeApproval
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db
User = get_user_model()


def staff(user):
    return User.objects.values_list("is_staff", flat=True).get(pk=user.pk)


def plain_user(username="anna"):
    return User.objects.create_user(username=username, password="test-password-123")


# is_staff follows membership


def test_a_membership_makes_a_user_staff(vaggeryd):
    user = plain_user()
    assert staff(user) is False
    Membership.objects.create(user=user, role=Membership.Role.COORDINATOR, municipality=vaggeryd)
    assert staff(user) is True


def test_losing_the_last_membership_ends_staff_access(vaggeryd, lpo_varnamo):
    user = plain_user()
    kommun = Membership.objects.create(
        user=user, role=Membership.Role.COORDINATOR, municipality=vaggeryd
    )
    police = Membership.objects.create(
        user=user, role=Membership.Role.POLICE, police_area=lpo_varnamo
    )
    kommun.delete()
    assert staff(user) is True
    police.delete()
    assert staff(user) is False


def test_a_membership_moved_to_another_user_moves_the_access(vaggeryd_coordinator):
    other = plain_user()
    membership = vaggeryd_coordinator.memberships.get()
    membership.user = other
    membership.save()
    assert (staff(vaggeryd_coordinator), staff(other)) == (False, True)


def test_a_superuser_stays_staff_without_membership(superuser, vaggeryd):
    membership = Membership.objects.create(
        user=superuser, role=Membership.Role.COORDINATOR, municipality=vaggeryd
    )
    membership.delete()
    assert staff(superuser) is True


def test_the_migration_sets_staff_for_existing_accounts(vaggeryd_coordinator, superuser):
    ticked_alone = User.objects.create_user("ticked", is_staff=True)
    User.objects.filter(pk=vaggeryd_coordinator.pk).update(is_staff=False)
    migration = importlib.import_module("accounts.migrations.0002_staff_follows_membership")
    migration.staff_follows_membership(apps, None)
    assert (staff(ticked_alone), staff(vaggeryd_coordinator), staff(superuser)) == (
        False,
        True,
        True,
    )


# The user's admin page


def change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def user_form(user, **fields):
    """The change form as the administrator's browser would send it, with one membership row."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "last_login_0": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def test_the_user_page_has_no_staff_tick_and_lists_memberships(client, superuser, varnamo_police):
    client.force_login(superuser)
    response = client.get(change_url(varnamo_police))
    content = response.content.decode()
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert {"is_staff", "groups", "user_permissions"}.isdisjoint(form.fields)
    assert "Personalstatus" not in content
    assert "Medlemskap: de kommuner och lokalpolisområden personen arbetar för" in content
    assert "Ja, genom medlemskapen nedan." in content


def test_a_membership_added_on_the_user_page_lets_the_user_in(client, superuser, vaggeryd):
    user = plain_user()
    client.force_login(superuser)
    response = client.post(
        change_url(user),
        user_form(
            user,
            **{
                "memberships-TOTAL_FORMS": "1",
                "memberships-0-role": "coordinator",
                "memberships-0-municipality": str(vaggeryd.pk),
                "memberships-0-police_area": "",
            },
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert staff(user) is True
    assert user.memberships.get().history.get().history_user == superuser


def test_a_membership_row_that_breaks_the_role_rule_is_refused(
    client, superuser, vaggeryd, lpo_varnamo
):
    user = plain_user()
    client.force_login(superuser)
    response = client.post(
        change_url(user),
        user_form(
            user,
            **{
                "memberships-TOTAL_FORMS": "1",
                "memberships-0-role": "police",
                "memberships-0-municipality": str(vaggeryd.pk),
                "memberships-0-police_area": "",
            },
        ),
    )
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[0] == {
        "municipality": [
            "En medarbetare hos polisen hör till ett lokalpolisområde, inte till en kommun."
        ],
        "police_area": ["Välj det lokalpolisområde polisen arbetar i."],
    }
    assert (user.memberships.count(), staff(user)) == (0, False)


def test_a_membership_removed_on_the_user_page_ends_access_and_keeps_history(
    client, superuser, vaggeryd_coordinator
):
    membership = vaggeryd_coordinator.memberships.get()
    client.force_login(superuser)
    response = client.post(
        change_url(vaggeryd_coordinator),
        user_form(
            vaggeryd_coordinator,
            **{
                "memberships-TOTAL_FORMS": "1",
                "memberships-INITIAL_FORMS": "1",
                "memberships-0-id": str(membership.pk),
                "memberships-0-user": str(vaggeryd_coordinator.pk),
                "memberships-0-role": "coordinator",
                "memberships-0-municipality": str(membership.municipality_id),
                "memberships-0-police_area": "",
                "memberships-0-DELETE": "on",
            },
        ),
    )
    assert response.status_code == 302
    assert staff(vaggeryd_coordinator) is False
    assert User.objects.filter(pk=vaggeryd_coordinator.pk, is_active=True).exists()
    removal = Membership.history.filter(id=membership.pk).latest()
    assert (removal.history_type, removal.history_user) == ("-", superuser)


def test_ticking_superuser_gives_staff_access(client, superuser):
    user = plain_user()
    client.force_login(superuser)
    client.post(change_url(user), user_form(user, is_superuser="on"))
    assert staff(user) is True


@pytest.mark.parametrize("name", ["admin:auth_user_changelist", "admin:auth_user_add"])
def test_only_the_administrator_manages_users(client, vaggeryd_coordinator, name):
    client.force_login(vaggeryd_coordinator)
    assert client.get(reverse(name)).status_code == 403


def test_the_user_list_reads_a_bounded_number_of_queries(
    client, superuser, vaggeryd_coordinator, varnamo_police, django_assert_max_num_queries
):
    for number in range(10):
        Membership.objects.create(
            user=plain_user(f"extra{number}"),
            role=Membership.Role.POLICE,
            police_area=varnamo_police.memberships.get().police_area,
        )
    client.force_login(superuser)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 13
    assert "Lokalpolisområde Värnamo" in response.content.decode()


# Removing a person without losing what they did


@pytest.fixture
def approval(vaggeryd_coordinator, lpo_varnamo):
    pledge = make_pledge(lpo_varnamo)
    pledge.approve(vaggeryd_coordinator)
    return PledgeApproval.objects.get(pledge=pledge)


def test_deleting_a_user_who_approved_is_refused_with_deactivate_offered(
    client, superuser, vaggeryd_coordinator, approval
):
    client.force_login(superuser)
    url = reverse("admin:auth_user_delete", args=[vaggeryd_coordinator.pk])
    page = client.get(url)
    content = page.content.decode()
    assert "samordnare.vaggeryd kan inte tas bort" in content
    assert reverse("admin:auth_user_deactivate", args=[vaggeryd_coordinator.pk]) in content

    client.post(url, {"post": "yes"})
    assert User.objects.filter(pk=vaggeryd_coordinator.pk).exists()
    assert PledgeApproval.objects.filter(pk=approval.pk).exists()


def test_the_bulk_delete_refuses_too(client, superuser, vaggeryd_coordinator, approval):
    client.force_login(superuser)
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [vaggeryd_coordinator.pk], "post": "yes"},
    )
    assert User.objects.filter(pk=vaggeryd_coordinator.pk).exists()


def test_a_user_who_did_nothing_can_be_deleted(client, superuser, vaggeryd):
    user = plain_user()
    Membership.objects.create(user=user, role=Membership.Role.COORDINATOR, municipality=vaggeryd)
    client.force_login(superuser)
    response = client.post(reverse("admin:auth_user_delete", args=[user.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def test_deactivating_keeps_the_name_on_the_approval(
    client, superuser, vaggeryd_coordinator, approval
):
    client.force_login(superuser)
    url = reverse("admin:auth_user_deactivate", args=[vaggeryd_coordinator.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Kommunal samordnare, Vaggeryds kommun" in page.content.decode()

    response = client.post(url)
    assert response.status_code == 302
    vaggeryd_coordinator.refresh_from_db()
    assert (vaggeryd_coordinator.is_active, vaggeryd_coordinator.is_staff) == (False, False)
    assert vaggeryd_coordinator.memberships.count() == 0
    approval.refresh_from_db()
    assert approval.user.username == "samordnare.vaggeryd"
    removal = Membership.history.filter(user_id=vaggeryd_coordinator.pk).latest()
    assert (removal.history_type, removal.history_user) == ("-", superuser)


def test_a_deactivated_user_cannot_log_in(client, vaggeryd_coordinator):
    services.deactivate(vaggeryd_coordinator)
    response = client.post(
        reverse("admin:login"),
        {"username": "samordnare.vaggeryd", "password": "test-password-123"},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_deactivated_users_session_ends(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    services.deactivate(vaggeryd_coordinator)
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_list_action_deactivates(client, superuser, vaggeryd_coordinator):
    client.force_login(superuser)
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate_selected", "_selected_action": [vaggeryd_coordinator.pk]},
    )
    vaggeryd_coordinator.refresh_from_db()
    assert vaggeryd_coordinator.is_active is False


def test_the_administrator_cannot_deactivate_themselves(client, superuser):
    client.force_login(superuser)
    client.post(reverse("admin:auth_user_deactivate", args=[superuser.pk]))
    superuser.refresh_from_db()
    assert superuser.is_active is True


def test_staff_cannot_deactivate_anyone(client, varnamo_police, vaggeryd_coordinator):
    client.force_login(varnamo_police)
    url = reverse("admin:auth_user_deactivate", args=[vaggeryd_coordinator.pk])
    assert client.post(url).status_code == 403
    vaggeryd_coordinator.refresh_from_db()
    assert vaggeryd_coordinator.is_active is True


def test_a_user_whose_changes_are_in_the_history_is_not_deleted(
    client, superuser, vaggeryd_coordinator, vaggeryd
):
    # Only a history row names them (history_user, SET_NULL): a delete would blank the name.
    client.force_login(vaggeryd_coordinator)
    client.post(
        reverse("admin:organisations_place_add"), {"municipality": vaggeryd.pk, "name": "Torget"}
    )
    assert services.records_naming(vaggeryd_coordinator)
    client.force_login(superuser)
    page = client.get(reverse("admin:auth_user_delete", args=[vaggeryd_coordinator.pk]))
    assert (
        "samordnare.vaggeryd har gjort saker i portalen: Loggposter: 1; Ändringar av platser: 1"
        in (page.content.decode())
    )
    client.post(reverse("admin:auth_user_delete", args=[vaggeryd_coordinator.pk]), {"post": "yes"})
    assert User.objects.filter(pk=vaggeryd_coordinator.pk).exists()
