"""Public kommun pages: the list of all 290 and one page per kommun."""

import datetime
import re

import pytest
from django.urls import reverse

from organisations.models import ContactPerson, Municipality
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db


def test_list_shows_all_290_municipalities_by_county(client):
    response = client.get(reverse("organisations:municipality_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert len(re.findall(r'href="/kommuner/[a-z]', content)) == 290
    assert "Jönköpings län" in content
    assert "Vaggeryd" in content


def test_list_marks_municipalities_with_published_pledges(client, lpo_varnamo):
    make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED)
    make_pledge(lpo_varnamo, slug="gnosjo-draft", municipality_names=["Gnosjö"])
    response = client.get(reverse("organisations:municipality_list"))
    marked = [m.name for m in response.context["municipalities"] if m.has_pledge]
    assert marked == ["Vaggeryd"]


def test_list_query_count_is_constant(client, lpo_varnamo, django_assert_num_queries):
    make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED)
    with django_assert_num_queries(1):
        client.get(reverse("organisations:municipality_list"))


def test_municipality_page_shows_current_and_earlier_pledges_and_contacts(client, lpo_varnamo):
    today = datetime.date.today()
    current = make_pledge(
        lpo_varnamo,
        slug="now",
        status=Pledge.Status.PUBLISHED,
        start=today - datetime.timedelta(days=1),
        end=today + datetime.timedelta(days=100),
    )
    earlier = make_pledge(
        lpo_varnamo,
        slug="then",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2021, 1, 1),
        end=datetime.date(2021, 12, 31),
    )
    vaggeryd = Municipality.objects.get(name="Vaggeryd")
    ContactPerson.objects.create(
        municipality=vaggeryd,
        role="Trygghetssamordnare",
        name="Kim Exempel",
        email="kim@vaggeryd.example.se",
        phone="0370-00 00 00",
    )
    ContactPerson.objects.create(police_area=lpo_varnamo, role="Kommunpolis", name="Alex Polis")
    response = client.get(vaggeryd.get_absolute_url())
    assert response.status_code == 200
    assert response.context["current_pledges"] == [current]
    assert response.context["earlier_pledges"] == [earlier]
    content = response.content.decode()
    assert "Kim Exempel" in content and "Alex Polis" in content
    assert 'href="mailto:kim@vaggeryd.example.se"' in content
    assert 'href="tel:0370000000"' in content


def test_municipality_without_pledge_says_so_and_points_to_its_lpo(client, lpo_varnamo):
    make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED)
    response = client.get(Municipality.objects.get(name="Gnosjö").get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Gnosjö kommun har ännu inget medborgarlöfte" in content
    assert 'href="/kommuner/vaggeryd/"' in content
    assert 'href="/kommuner/varnamo/"' in content


def test_municipality_without_police_area_has_a_page(client):
    response = client.get(Municipality.objects.get(name="Kiruna").get_absolute_url())
    assert response.status_code == 200


def test_drafts_do_not_show_on_the_municipality_page(client, lpo_varnamo):
    make_pledge(lpo_varnamo, title="Hemligt utkast")
    response = client.get(Municipality.objects.get(name="Vaggeryd").get_absolute_url())
    assert "Hemligt utkast" not in response.content.decode()


def test_unknown_municipality_is_404(client):
    assert client.get("/kommuner/atlantis/").status_code == 404


def test_municipality_page_query_count_is_constant(client, lpo_varnamo, django_assert_num_queries):
    make_pledge(lpo_varnamo, slug="one", status=Pledge.Status.PUBLISHED)
    url = Municipality.objects.get(name="Vaggeryd").get_absolute_url()
    with django_assert_num_queries(6) as before:
        client.get(url)
    for number in range(10):
        make_pledge(lpo_varnamo, slug=f"more-{number}", status=Pledge.Status.PUBLISHED)
        ContactPerson.objects.create(police_area=lpo_varnamo, role="Polis", name=f"P {number}")
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)
