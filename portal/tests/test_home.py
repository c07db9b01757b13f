"""The start page: finding your kommun and seeing current pledges."""

import datetime

import pytest
from django.urls import reverse

from pledges.models import Pledge
from pledges.tests.factories import make_pledge
from portal import views
from portal.views import START_PAGE_PLEDGES

pytestmark = pytest.mark.django_db


def search(client, q):
    return client.get(reverse("home"), {"q": q})


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Vaggeryd", "Vaggeryd"),
        ("vagg", "Vaggeryd"),
        ("VÄNERSBORG", "Vänersborg"),
        ("vanersborg", "Vänersborg"),
        ("goteborg", "Göteborg"),
        ("  malmo ", "Malmö"),
        ("angelholm", "Ängelholm"),
    ],
)
def test_search_matches_partial_names_ignoring_case_and_diacritics(client, typed, expected):
    response = search(client, typed)
    assert response.status_code == 200
    assert expected in [m.name for m in response.context["matches"]]


def test_search_lists_both_habo_and_habo_for_habo(client):
    names = [m.name for m in search(client, "habo").context["matches"]]
    assert names == ["Habo", "Håbo"]


def test_search_without_match_explains_what_to_do(client):
    response = search(client, "Atlantis")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ingen kommun matchar" in content
    assert "Atlantis" in content
    assert reverse("organisations:municipality_list") in content


def test_search_escapes_what_was_typed(client):
    response = search(client, "<script>alert(1)</script>")
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_too_long_search_gets_a_message_not_an_error(client):
    response = search(client, "x" * 500)
    assert response.status_code == 200
    assert response.context["matches"] is None
    assert "högst 100 tecken" in response.content.decode()


def test_empty_search_shows_the_page_without_results(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["matches"] is None


def test_current_and_recent_pledges_are_listed(client, lpo_varnamo):
    today = datetime.date.today()
    current = make_pledge(
        lpo_varnamo,
        slug="current",
        status=Pledge.Status.PUBLISHED,
        start=today - datetime.timedelta(days=10),
        end=today + datetime.timedelta(days=300),
    )
    earlier = make_pledge(
        lpo_varnamo,
        slug="earlier",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2021, 1, 1),
        end=datetime.date(2021, 12, 31),
    )
    draft = make_pledge(lpo_varnamo, slug="draft", start=today, end=today)
    response = client.get(reverse("home"))
    assert response.context["current_pledges"] == [current]
    assert response.context["recent_pledges"] == [earlier]
    assert draft.title not in response.content.decode()
    assert [m.name for m in response.context["municipalities_with_pledges"]] == ["Vaggeryd"]
    content = response.content.decode()
    assert "gällande medborgarlöften</a>" not in content  # all shown: no link to see all
    assert 'href="/kommuner/vaggeryd/">Vaggeryd</a>' in content


def publish_current(area, count, prefix="nu", **fields):
    today = datetime.date.today()
    return [
        make_pledge(
            area,
            slug=f"{prefix}-{number}",
            title=f"Löfte {prefix} {number:02}",
            status=Pledge.Status.PUBLISHED,
            activities=0,
            start=today - datetime.timedelta(days=100 - number),
            end=today + datetime.timedelta(days=300),
            **fields,
        )  # fmt: skip
        for number in range(count)
    ]


def test_start_page_shows_the_latest_pledges_in_force_and_links_to_all(client, lpo_varnamo):
    """A national roll-out has hundreds in force: the start page shows the few that started
    last, says how many there are and links to the list of pledges in force."""
    pledges = publish_current(lpo_varnamo, START_PAGE_PLEDGES + 2)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    latest_first = sorted(pledges, key=lambda pledge: pledge.start_date, reverse=True)
    assert response.context["current_pledges"] == latest_first[:START_PAGE_PLEDGES]
    content = response.content.decode()
    assert f"Se alla {START_PAGE_PLEDGES + 2} gällande medborgarlöften" in content
    assert f'href="{reverse("pledges:pledge_list")}?status=aktuella"' in content
    for hidden in latest_first[START_PAGE_PLEDGES:]:
        assert hidden.title not in content
    # No room is left for ended pledges.
    assert response.context["recent_pledges"] == []


def test_ended_pledges_fill_the_room_the_pledges_in_force_leave(client, lpo_varnamo):
    in_force = publish_current(lpo_varnamo, START_PAGE_PLEDGES - 2)
    ended = [
        make_pledge(
            lpo_varnamo,
            slug=f"slut-{year}",
            status=Pledge.Status.PUBLISHED,
            activities=0,
            start=datetime.date(year, 1, 1),
            end=datetime.date(year, 12, 31),
        )  # fmt: skip
        for year in (2020, 2021, 2022)
    ]
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert len(response.context["current_pledges"]) == len(in_force)
    assert response.context["recent_pledges"] == [ended[2], ended[1]]  # the latest to end


def test_many_kommuner_with_pledges_are_counted_not_listed(client, lpo_varnamo, monkeypatch):
    monkeypatch.setattr(views, "LISTED_MUNICIPALITIES", 1)
    publish_current(lpo_varnamo, 1, prefix="v")
    publish_current(lpo_varnamo, 1, prefix="g", municipality_names=("Gislaved",))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "2 kommuner har publicerat medborgarlöften: hitta din med sökningen ovan." in content
    assert 'href="/kommuner/gislaved/">Gislaved</a>' not in content
    assert reverse("organisations:municipality_list") in content


def test_home_query_count_does_not_grow_with_pledges(
    client, lpo_varnamo, django_assert_num_queries, django_assert_max_num_queries
):
    def publish(count, prefix):
        for number in range(count):
            make_pledge(lpo_varnamo, slug=f"{prefix}-{number}", status=Pledge.Status.PUBLISHED)

    publish(1, "a")
    with django_assert_num_queries(5) as few:  # search, 2 × (pledges, kommuner), kommuner
        client.get(reverse("home"), {"q": "vagg"})
    publish(20, "b")
    # No ended pledges are fetched once the pledges in force fill the page.
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("home"), {"q": "vagg"})
