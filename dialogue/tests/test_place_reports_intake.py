"""The report form is open only where someone reads the reports (issue 9).

A kommun takes reports of unsafe places when it has a published pledge, or active staff on the
portal: its own coordinator, or the police of an area that covers it. Elsewhere the form and its
thanks page say where to turn instead, nothing is saved, and no dialogue page links the form.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_staff
from dialogue.models import PlaceReport
from dialogue.tests.test_overview import add_event, add_survey
from dialogue.tests.test_place_reports import valid_data
from organisations.models import Membership, Municipality, PoliceArea, PoliceRegion
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db


def kommun(name):
    return Municipality.objects.get(name=name)


def form_url(name):
    return reverse("dialogue:report_form", args=[kommun(name).slug])


@pytest.fixture
def lpo_norrbotten(db):
    """A police area with nobody on the portal: Kiruna and Gällivare have no one to read reports."""
    area = PoliceArea.objects.create(
        name="Norrbotten Nord", police_region=PoliceRegion.objects.get(name="Nord")
    )
    area.municipalities.set(Municipality.objects.filter(name__in=["Kiruna", "Gällivare"]))
    return area


def assert_refused(client, name):
    """GET and POST are refused with directions elsewhere, and the POST stores nothing."""
    response = client.get(form_url(name))
    assert response.status_code == 404
    content = response.content.decode()
    assert 'id="id_description"' not in content
    assert "Akut? Ring 112. Tips om brott: 114 14 eller polisen.se." in content
    assert 'href="https://polisen.se/"' in content
    assert f'href="{kommun(name).get_absolute_url()}"' in content
    posted = client.post(form_url(name), valid_data())
    assert posted.status_code == 404
    assert not PlaceReport.objects.exists()


def assert_accepted(client, name):
    response = client.get(form_url(name))
    assert response.status_code == 200
    assert 'id="id_description"' in response.content.decode()
    posted = client.post(form_url(name), valid_data())
    assert posted.status_code == 302
    assert posted["Location"] == reverse("dialogue:report_thanks", args=[kommun(name).slug])
    assert PlaceReport.objects.get().municipality == kommun(name)


# The form ---------------------------------------------------------------------------------------


def test_a_kommun_without_pledge_or_staff_refuses_reports_and_says_where_to_turn(
    client, lpo_norrbotten
):
    assert_refused(client, "Kiruna")
    content = client.get(form_url("Kiruna")).content.decode()
    assert "Synpunkter om otrygga platser i Kiruna tas inte emot här ännu" in content
    assert "Kiruna kommun har ännu inget medborgarlöfte" in content
    assert reverse("dialogue:municipality", args=["kiruna"]) in content


def test_the_refusal_is_in_english_under_en(client, lpo_norrbotten):
    response = client.get("/en" + form_url("Kiruna"))
    assert response.status_code == 404
    assert "are not received here yet" in response.content.decode()


def test_a_refused_post_does_not_count_towards_the_rate_limit(client, settings, lpo_norrbotten):
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    client.post(form_url("Kiruna"), valid_data())
    make_staff("kiruna", role=Membership.Role.COORDINATOR, municipality=kommun("Kiruna"))
    assert client.post(form_url("Kiruna"), valid_data()).status_code == 302


def test_a_published_pledge_opens_the_form(client, lpo_varnamo):
    make_pledge(lpo_varnamo, municipality_names=("Gnosjö",), status=Pledge.Status.PUBLISHED)
    assert_accepted(client, "Gnosjö")


@pytest.mark.parametrize("status", [Pledge.Status.DRAFT, Pledge.Status.WITHDRAWN])
def test_a_draft_or_withdrawn_pledge_does_not_open_the_form(client, lpo_varnamo, status):
    make_pledge(lpo_varnamo, municipality_names=("Gnosjö",), status=status)
    assert_refused(client, "Gnosjö")


def test_the_kommuns_own_staff_open_the_form(client, lpo_norrbotten):
    make_staff("kiruna", role=Membership.Role.COORDINATOR, municipality=kommun("Kiruna"))
    assert_accepted(client, "Kiruna")


def test_police_of_an_area_covering_the_kommun_open_the_form(client, varnamo_police):
    assert_accepted(client, "Gnosjö")


def test_staff_of_another_kommun_or_area_do_not_open_the_form(
    client, vaggeryd_coordinator, fyrbodal_police
):
    # Vaggeryd's coordinator works in LPO Värnamo, which covers Gnosjö, but reads Vaggeryd's
    # reports only; Fyrbodal's police do not cover Gnosjö.
    assert_refused(client, "Gnosjö")


def test_staff_whose_access_was_taken_away_do_not_open_the_form(client, varnamo_police):
    varnamo_police.is_active = False
    varnamo_police.save(update_fields=["is_active"])
    assert_refused(client, "Gnosjö")


def test_the_thanks_page_promises_nothing_where_nobody_reads(client, lpo_norrbotten):
    url = reverse("dialogue:report_thanks", args=["kiruna"])
    response = client.get(url)
    assert response.status_code == 404
    assert "och polisen kommer att läsa din synpunkt" not in response.content.decode()
    make_staff("kiruna", role=Membership.Role.COORDINATOR, municipality=kommun("Kiruna"))
    response = client.get(url)
    assert response.status_code == 200
    assert "och polisen kommer att läsa din synpunkt" in response.content.decode()


def test_refusal_page_query_count(client, lpo_norrbotten, django_assert_num_queries):
    url = form_url("Kiruna")
    with django_assert_num_queries(1):  # the kommun, with whether it takes reports
        assert client.get(url).status_code == 404


# Links to the form ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["municipality", "what_you_told_us"])
def test_dialogue_pages_link_the_form_only_where_reports_are_read(client, lpo_varnamo, page):
    url = reverse(f"dialogue:{page}", args=["gnosjo"])
    response = client.get(url)
    assert response.status_code == 200
    assert form_url("Gnosjö") not in response.content.decode()
    make_staff("polis", role=Membership.Role.POLICE, police_area=lpo_varnamo)
    assert form_url("Gnosjö") in client.get(url).content.decode()


def test_the_kommun_dialogue_page_asks_the_rule_without_an_extra_query(client, lpo_varnamo):
    url = reverse("dialogue:municipality", args=["gnosjo"])
    with CaptureQueriesContext(connection) as refused:
        assert client.get(url).status_code == 200
    make_pledge(lpo_varnamo, municipality_names=("Gnosjö",), status=Pledge.Status.PUBLISHED)
    with CaptureQueriesContext(connection) as taken:
        assert client.get(url).status_code == 200
    assert len(taken.captured_queries) == len(refused.captured_queries)


def test_dialogue_start_page_queries_do_not_grow_with_kommuner(client, lpo_varnamo):
    url = reverse("dialogue:index")
    names = ["Vaggeryd", "Gnosjö", "Värnamo", "Gislaved", "Kiruna", "Gällivare", "Tranemo"]
    add_event(kommun("Vaggeryd"), "Möte Vaggeryd")
    add_survey(kommun("Vaggeryd"), "enkat-vaggeryd", -1, 30)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make_staff("polis", role=Membership.Role.POLICE, police_area=lpo_varnamo)
    for number, name in enumerate(names[1:]):
        add_event(kommun(name), f"Möte {name}")
        add_survey(kommun(name), f"enkat-{number}", -1, 30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


# The rule, for lists --------------------------------------------------------------------------


def test_every_kommun_is_answered_in_one_query_and_as_one_at_a_time(
    lpo_varnamo, lpo_norrbotten, django_assert_num_queries
):
    make_staff("polis", role=Membership.Role.POLICE, police_area=lpo_varnamo)
    make_staff("kiruna", role=Membership.Role.COORDINATOR, municipality=kommun("Kiruna"))
    make_pledge(lpo_varnamo, municipality_names=("Tranemo",), status=Pledge.Status.PUBLISHED)
    make_pledge(lpo_varnamo, municipality_names=("Ale",), slug="ale", status="withdrawn")
    with django_assert_num_queries(1):
        in_bulk = {m.name: m.takes_reports() for m in Municipality.objects.with_report_intake()}
    expected = {"Värnamo", "Vaggeryd", "Gislaved", "Gnosjö", "Kiruna", "Tranemo"}
    assert {name for name, taken in in_bulk.items() if taken} == expected
    assert set(Municipality.objects.taking_reports().values_list("name", flat=True)) == expected
    assert kommun("Kiruna").takes_reports() and not kommun("Ale").takes_reports()
