"""Finding a kommun by name, postal town, postcode or kommun code (issue 9)."""

import pytest
from django.urls import reverse

from organisations.models import Municipality, PostalCode
from organisations.reference import load_reference_data

pytestmark = pytest.mark.django_db

URL = reverse("organisations:find")


def search(client, q):
    return client.get(URL, {"q": q})


@pytest.mark.parametrize(
    "q",
    [
        "Vaggeryds kommun",
        "vaggeryd",
        "VAGGERYD",
        "Skillingaryd",
        "skillingaryd",
        "568 21",
        "56821",
        "568 31",
        "56831",
        " 568  21 ",
        "0665",
    ],
)
def test_single_match_goes_straight_to_the_kommun(client, q):
    response = search(client, q)
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:municipality_detail", args=["vaggeryd"])


def test_diacritics_are_folded(client):
    response = search(client, "vanersborg")
    assert response["Location"] == Municipality.objects.get(name="Vänersborg").get_absolute_url()


def test_several_matches_are_listed_with_why(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = search(client, "borg")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Vänersborg" in text and "Söderborg" not in text
    assert "Namnet Vänersborg innehåller" in text


def test_a_town_in_several_kommuner_lists_each(client):
    vaggeryd = Municipality.objects.get(name="Vaggeryd")
    gislaved = Municipality.objects.get(name="Gislaved")
    PostalCode.objects.create(code="99901", locality="Testby", municipality=vaggeryd)
    PostalCode.objects.create(code="99902", locality="Testby", municipality=gislaved)
    response = search(client, "testby")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Testby är en ort i Vaggeryds kommun" in text
    assert "Testby är en ort i Gislaveds kommun" in text


def test_the_skillingaryd_reason_reads_in_swedish(client):
    gislaved = Municipality.objects.get(name="Gislaved")
    # A second Skillingaryd elsewhere turns the redirect into a list that shows the reason.
    PostalCode.objects.create(code="99903", locality="Skillingaryd", municipality=gislaved)
    text = search(client, "Skillingaryd").content.decode()
    assert "Skillingaryd är en ort i Vaggeryds kommun" in text


def test_no_match_says_so_and_links_the_full_list(client):
    response = search(client, "Xyzzyvik")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ingen kommun, ort eller" in text
    assert reverse("organisations:municipality_list") in text


@pytest.mark.parametrize("q", ["99999", "9999", "123"])
def test_unknown_numbers_find_nothing(client, q):
    response = search(client, q)
    assert response.status_code == 200
    assert "Ingen kommun, ort eller" in response.content.decode()


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("a" * 5000, "för lång"),
        ("Vagg\x00eryd", "tecken som inte går att söka"),
        ("Vagg\x1beryd", "tecken som inte går att söka"),
        ("", "Skriv namnet"),
        ("   ", "Skriv namnet"),
    ],
)
def test_bad_input_gets_a_message_not_an_error(client, q, message):
    response = search(client, q)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_empty_form_shows_the_label(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Sök kommun, ort eller postnummer" in response.content.decode()


def test_the_list_page_has_the_search_form(client):
    text = client.get(reverse("organisations:municipality_list")).content.decode()
    assert f'action="{URL}"' in text
    assert "Sök kommun, ort eller postnummer" in text


def test_loading_reference_data_again_adds_no_postcodes():
    count = PostalCode.objects.count()
    assert count > 15000
    assert load_reference_data()["postcodes"] == 0
    assert PostalCode.objects.count() == count


def test_the_start_page_form_uses_the_finder(client):
    text = client.get(reverse("home")).content.decode()
    assert f'action="{URL}"' in text
    assert "Sök kommun, ort eller postnummer" in text


@pytest.mark.parametrize("q", ["Skillingaryd", "568 31", "0665", "Vaggeryds kommun"])
def test_single_match_query_count(client, q, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert search(client, q).status_code == 302
