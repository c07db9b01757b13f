"""The start page asks a kommun without a pledge to make one, and approves from the list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pledges.models import Pledge, PledgeApproval
from pledges.tests.factories import make_pledge
from portal.worklist import worklist_for

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 9, 15, 10, 0))


@pytest.fixture(autouse=True)
def administrators_without_two_factor(settings):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = False


def missing(user, now=NOW):
    return [item for item in worklist_for(user, now).items if item.kind == "pledge_missing"]


def test_a_kommun_new_to_the_portal_is_asked_for_its_first_pledge(vaggeryd_coordinator):
    [item] = missing(vaggeryd_coordinator)
    assert item.text == (
        "Vaggeryds kommun har inget medborgarlöfte än: gör kommunens första medborgarlöfte"
    )
    assert item.url == reverse("admin:pledges_pledge_add")
    assert item.date is None


def test_a_kommun_whose_pledge_ended_is_asked_for_the_next(vaggeryd_coordinator, lpo_varnamo):
    make_pledge(
        lpo_varnamo, slug="vaggeryd-2022", status=Pledge.Status.PUBLISHED,
        start=datetime.date(2022, 1, 1), end=datetime.date(2022, 12, 31),
    )  # fmt: skip
    [item] = missing(vaggeryd_coordinator)
    assert item.text == "Vaggeryds kommun har inget medborgarlöfte som gäller nu: gör nästa"
    assert item.date == datetime.date(2022, 12, 31)


@pytest.mark.parametrize("status", [Pledge.Status.DRAFT, Pledge.Status.PUBLISHED])
def test_a_pledge_in_force_or_in_the_works_is_enough(vaggeryd_coordinator, lpo_varnamo, status):
    make_pledge(
        lpo_varnamo, slug="vaggeryd-2026", status=status,
        start=datetime.date(2026, 1, 1), end=datetime.date(2027, 12, 31),
    )  # fmt: skip
    assert missing(vaggeryd_coordinator) == []


def test_only_coordinators_of_the_kommun_are_asked(
    varnamo_police, vanersborg_coordinator, superuser
):
    assert missing(varnamo_police) == []
    assert missing(superuser) == []
    assert [item.municipality_name for item in missing(vanersborg_coordinator)] == ["Vänersborg"]


def test_police_approve_from_the_start_page_and_return_to_it(
    client, vaggeryd_coordinator, varnamo_police, lpo_varnamo
):
    pledge = make_pledge(lpo_varnamo, slug="vaggeryd-2027", status=Pledge.Status.DRAFT)
    pledge.approve(vaggeryd_coordinator, PledgeApproval.Side.MUNICIPALITY)
    client.force_login(varnamo_police)
    page = client.get(reverse("admin:index")).content.decode()
    approve_url = reverse("admin:pledges_pledge_approve", args=[pledge.pk])
    assert f'action="{approve_url}"' in page
    assert "Godkänn för polisen" in page

    response = client.post(approve_url, {"side": "police", "next": reverse("admin:index")})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.PUBLISHED


def test_approving_never_sends_elsewhere(client, vaggeryd_coordinator, varnamo_police, lpo_varnamo):
    pledge = make_pledge(lpo_varnamo, slug="vaggeryd-2027", status=Pledge.Status.DRAFT)
    pledge.approve(vaggeryd_coordinator, PledgeApproval.Side.MUNICIPALITY)
    client.force_login(varnamo_police)
    url = reverse("admin:pledges_pledge_approve", args=[pledge.pk])
    response = client.post(url, {"side": "police", "next": "https://example.com/"})
    assert response["Location"] == reverse("admin:pledges_pledge_change", args=[pledge.pk])


def test_the_coordinator_of_another_kommun_gets_no_button(
    client, vaggeryd_coordinator, vanersborg_coordinator, lpo_varnamo
):
    pledge = make_pledge(lpo_varnamo, slug="vaggeryd-2027", status=Pledge.Status.DRAFT)
    pledge.approve(vaggeryd_coordinator, PledgeApproval.Side.MUNICIPALITY)
    client.force_login(vanersborg_coordinator)
    page = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:pledges_pledge_approve", args=[pledge.pk]) not in page
