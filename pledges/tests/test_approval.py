"""A pledge is public only when both the kommun and the police have approved it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pledges.models import Pledge, PledgeApproval
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(lpo_varnamo):
    return make_pledge(lpo_varnamo)


def public_status(client, pledge):
    return client.get(pledge.get_absolute_url()).status_code


def test_pledge_is_published_only_after_both_sides_approve(
    client, draft, vaggeryd_coordinator, varnamo_police
):
    assert draft.approve(vaggeryd_coordinator) == PledgeApproval.Side.MUNICIPALITY
    assert draft.status == Pledge.Status.DRAFT
    assert public_status(client, draft) == 404

    assert draft.approve(varnamo_police) == PledgeApproval.Side.POLICE
    assert draft.status == Pledge.Status.PUBLISHED
    assert draft.published_at is not None
    assert public_status(client, draft) == 200
    approvals = draft.approvals.order_by("side")
    assert [(a.side, a.user) for a in approvals] == [
        ("municipality", vaggeryd_coordinator),
        ("police", varnamo_police),
    ]


def test_police_may_approve_first(draft, vaggeryd_coordinator, varnamo_police):
    draft.approve(varnamo_police)
    assert draft.status == Pledge.Status.DRAFT
    draft.approve(vaggeryd_coordinator)
    assert draft.status == Pledge.Status.PUBLISHED


def test_one_side_cannot_approve_twice(draft, vaggeryd_coordinator, varnamo_police):
    draft.approve(vaggeryd_coordinator)
    with pytest.raises(ValidationError):
        draft.approve(vaggeryd_coordinator)
    assert draft.approvals.count() == 1
    assert draft.status == Pledge.Status.DRAFT


@pytest.mark.parametrize(
    "persona",
    ["vanersborg_coordinator", "fyrbodal_police", "staff_without_membership", "superuser"],
)
def test_only_members_of_the_pledge_may_approve(draft, request, persona):
    with pytest.raises(PermissionDenied):
        draft.approve(request.getfixturevalue(persona))
    assert not draft.approvals.exists()


def test_coordinator_cannot_approve_for_the_police(draft, vaggeryd_coordinator):
    with pytest.raises(PermissionDenied):
        draft.approve(vaggeryd_coordinator, PledgeApproval.Side.POLICE)


def test_withdrawal_takes_the_pledge_off_and_needs_two_new_approvals(
    client, draft, vaggeryd_coordinator, varnamo_police
):
    draft.approve(vaggeryd_coordinator)
    draft.approve(varnamo_police)
    draft.withdraw(varnamo_police, "Fel period angavs.")
    assert draft.status == Pledge.Status.WITHDRAWN
    assert draft.withdrawn_by == varnamo_police
    assert public_status(client, draft) == 404
    assert draft.approvals.count() == 2  # kept as a record
    assert not draft.active_approvals().exists()

    draft.approve(vaggeryd_coordinator)
    assert draft.status == Pledge.Status.WITHDRAWN
    draft.approve(varnamo_police)
    assert draft.status == Pledge.Status.PUBLISHED
    assert draft.withdrawal_reason == ""


def test_withdrawal_needs_a_reason(draft, vaggeryd_coordinator, varnamo_police):
    draft.approve(vaggeryd_coordinator)
    draft.approve(varnamo_police)
    with pytest.raises(ValidationError):
        draft.withdraw(varnamo_police, "   ")
    assert draft.status == Pledge.Status.PUBLISHED


def test_other_organisations_cannot_withdraw(
    draft, vaggeryd_coordinator, varnamo_police, fyrbodal_police
):
    draft.approve(vaggeryd_coordinator)
    draft.approve(varnamo_police)
    with pytest.raises(PermissionDenied):
        draft.withdraw(fyrbodal_police, "Nej")
    assert draft.status == Pledge.Status.PUBLISHED


# The admin buttons -------------------------------------------------------------------------


def approve_url(pledge):
    return reverse("admin:pledges_pledge_approve", args=[pledge.pk])


@pytest.mark.parametrize(
    "persona, side", [("vaggeryd_coordinator", "municipality"), ("varnamo_police", "police")]
)
def test_admin_button_records_the_users_side(client, draft, request, persona, side):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    change_page = client.get(reverse("admin:pledges_pledge_change", args=[draft.pk]))
    assert f'name="side" value="{side}"' in change_page.content.decode()
    response = client.post(approve_url(draft), {"side": side})
    assert response.status_code == 302
    approval = draft.approvals.get()
    assert (approval.side, approval.user) == (side, user)


def test_admin_buttons_publish_after_both_sides(
    client, draft, vaggeryd_coordinator, varnamo_police
):
    client.force_login(vaggeryd_coordinator)
    client.post(approve_url(draft), {"side": "municipality"})
    client.force_login(varnamo_police)
    response = client.post(approve_url(draft), {"side": "police"}, follow=True)
    draft.refresh_from_db()
    assert draft.status == Pledge.Status.PUBLISHED
    shown = [str(message) for message in response.context["messages"]]
    assert shown[-1] == f"{draft.title} är godkänt av båda parter och publicerat."


def test_approve_view_refuses_get(client, draft, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    assert client.get(approve_url(draft)).status_code == 405
    assert not draft.approvals.exists()


def test_approve_view_hides_other_kommuners_pledges(client, draft, fyrbodal_police):
    client.force_login(fyrbodal_police)
    assert client.post(approve_url(draft), {"side": "police"}).status_code == 404
    assert not draft.approvals.exists()


def test_approve_view_rejects_a_side_the_user_does_not_have(client, draft, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    response = client.post(approve_url(draft), {"side": "police"}, follow=True)
    assert response.status_code == 200
    assert not draft.approvals.exists()


def test_approve_view_rejects_an_unknown_side(client, draft, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    response = client.post(approve_url(draft), {"side": "<b>mayor</b>"}, follow=True)
    assert response.status_code == 200
    assert not draft.approvals.exists()


def test_anonymous_cannot_approve(client, draft):
    response = client.post(approve_url(draft), {"side": "police"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not draft.approvals.exists()


def test_admin_action_approves_selected_pledges(client, lpo_varnamo, varnamo_police):
    first = make_pledge(lpo_varnamo, slug="a")
    second = make_pledge(lpo_varnamo, slug="b", municipality_names=["Gnosjö"])
    client.force_login(varnamo_police)
    client.post(
        reverse("admin:pledges_pledge_changelist"),
        {"action": "approve_selected", "_selected_action": [first.pk, second.pk]},
    )
    assert PledgeApproval.objects.filter(side="police", user=varnamo_police).count() == 2


def test_withdraw_view_needs_a_reason_and_then_withdraws(
    client, draft, vaggeryd_coordinator, varnamo_police
):
    draft.approve(vaggeryd_coordinator)
    draft.approve(varnamo_police)
    url = reverse("admin:pledges_pledge_withdraw", args=[draft.pk])
    client.force_login(vaggeryd_coordinator)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Pledge.Status.PUBLISHED
    client.post(url, {"reason": "Löftet ersätts av ett nytt."})
    draft.refresh_from_db()
    assert draft.status == Pledge.Status.WITHDRAWN
    assert draft.withdrawal_reason == "Löftet ersätts av ett nytt."


def test_withdraw_view_hides_other_kommuners_pledges(client, draft, vanersborg_coordinator):
    client.force_login(vanersborg_coordinator)
    url = reverse("admin:pledges_pledge_withdraw", args=[draft.pk])
    assert client.post(url, {"reason": "x"}).status_code == 404
