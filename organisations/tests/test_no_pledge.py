"""A kommun with no pledge says so plainly, points to pledges nearby, and does not invite
reports that nobody on the portal would read (issue 9)."""

import datetime

import pytest
from django.urls import reverse

from conftest import make_staff
from organisations.models import Membership, Municipality, PoliceArea, PoliceRegion
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
IN_FORCE = {
    "start": TODAY - datetime.timedelta(days=30),
    "end": TODAY + datetime.timedelta(days=300),
}
ENDED = {"start": TODAY - datetime.timedelta(days=700), "end": TODAY - datetime.timedelta(days=1)}


def page(client, name):
    response = client.get(Municipality.objects.get(name=name).get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def report_link(name):
    return reverse("dialogue:report_form", args=[Municipality.objects.get(name=name).slug])


def test_never_had_a_pledge_says_so_and_shows_the_area_pledges(client, lpo_varnamo):
    make_pledge(lpo_varnamo, title="Trygga Vaggeryd", status=Pledge.Status.PUBLISHED, **IN_FORCE)
    text = page(client, "Gnosjö")
    assert "Gnosjö kommun har ännu inget medborgarlöfte" in text
    assert "Gällande medborgarlöften i andra kommuner i samma lokalpolisområde" in text
    assert "Trygga Vaggeryd" in text


def test_an_ended_pledge_means_no_pledge_right_now(client, lpo_varnamo):
    make_pledge(lpo_varnamo, slug="gammalt", status=Pledge.Status.PUBLISHED, **ENDED)
    make_pledge(
        lpo_varnamo,
        municipality_names=("Värnamo",),
        slug="varnamo-nu",
        title="Trygga Värnamo",
        status=Pledge.Status.PUBLISHED,
        **IN_FORCE,
    )
    text = page(client, "Vaggeryd")
    assert "Vaggeryds kommun har inget medborgarlöfte just nu" in text
    assert "Trygga Värnamo" in text


def test_ended_and_draft_pledges_nearby_are_not_offered(client, lpo_varnamo):
    make_pledge(
        lpo_varnamo, slug="slut", title="Avslutat löfte", status=Pledge.Status.PUBLISHED, **ENDED
    )
    make_pledge(lpo_varnamo, slug="utkast", title="Utkastlöfte", **IN_FORCE)
    text = page(client, "Gnosjö")
    assert "Avslutat löfte" not in text and "Utkastlöfte" not in text
    assert "Gällande medborgarlöften i andra kommuner" not in text


def test_no_staff_no_report_invitation(client):
    area = PoliceArea.objects.create(
        name="Norrbotten Nord", police_region=PoliceRegion.objects.get(name="Nord")
    )
    area.municipalities.set(Municipality.objects.filter(name__in=["Kiruna", "Gällivare"]))
    text = page(client, "Kiruna")
    assert "Kiruna kommun har ännu inget medborgarlöfte" in text
    assert report_link("Kiruna") not in text
    assert "Rapportera en otrygg plats" not in text


def test_kommun_staff_bring_back_the_report_invitation(client):
    make_staff(
        "kiruna",
        role=Membership.Role.COORDINATOR,
        municipality=Municipality.objects.get(name="Kiruna"),
    )
    assert report_link("Kiruna") in page(client, "Kiruna")


def test_police_area_staff_bring_back_the_report_invitation(client, varnamo_police):
    assert report_link("Gnosjö") in page(client, "Gnosjö")


def test_a_kommun_with_a_pledge_invites_reports(client, lpo_varnamo):
    make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED, **IN_FORCE)
    text = page(client, "Vaggeryd")
    assert report_link("Vaggeryd") in text
    assert "har ännu inget medborgarlöfte" not in text and "just nu" not in text


def test_no_pledge_page_query_count(client, lpo_varnamo, django_assert_max_num_queries):
    for number in range(5):
        make_pledge(
            lpo_varnamo,
            municipality_names=("Värnamo", "Vaggeryd"),
            slug=f"n-{number}",
            status=Pledge.Status.PUBLISHED,
            **IN_FORCE,
        )
    url = Municipality.objects.get(name="Gnosjö").get_absolute_url()
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200


def test_a_kommun_takes_reports_with_a_published_pledge_or_staff(vaggeryd, lpo_varnamo):
    from conftest import make_staff
    from organisations.models import Membership, Municipality
    from pledges.models import Pledge
    from pledges.tests.factories import make_pledge

    gnosjo = Municipality.objects.get(name="Gnosjö")
    assert not gnosjo.takes_reports()  # nobody on the portal, no pledge
    make_staff("polis", role=Membership.Role.POLICE, police_area=lpo_varnamo)
    assert gnosjo.takes_reports()  # the police of its area read them
    make_pledge(lpo_varnamo, municipality_names=("Tranemo",), status=Pledge.Status.PUBLISHED)
    assert Municipality.objects.get(name="Tranemo").takes_reports()  # a published pledge
