"""The dialogue start pages: what residents can join or answer now."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dialogue.models import DialogueActivity, SituationPicture, Survey
from dialogue.views.overview import NATIONAL_UPCOMING_LIMIT, OPEN_SURVEYS_LIMIT

pytestmark = pytest.mark.django_db


def add_event(municipality, title, days=10, **fields):
    fields.setdefault("kind", DialogueActivity.Kind.CITIZEN_DIALOGUE)
    fields.setdefault("open_to_public", fields["kind"] != DialogueActivity.Kind.STAFF_DIALOGUE)
    return DialogueActivity.objects.create(
        municipality=municipality,
        title=title,
        starts_at=timezone.now() + datetime.timedelta(days=days),
        is_published=fields.pop("is_published", True),
        **fields,
    )


def add_survey(municipality, slug, opens_days, closes_days, **fields):
    now = timezone.now()
    return Survey.objects.create(
        municipality=municipality,
        title=f"Enkät {slug}",
        slug=slug,
        opens_at=now + datetime.timedelta(days=opens_days),
        closes_at=now + datetime.timedelta(days=closes_days),
        is_published=fields.pop("is_published", True),
        **fields,
    )


def test_index_lists_upcoming_open_events_and_open_surveys_only(client, vaggeryd):
    add_event(vaggeryd, "Öppet möte i Vaggeryd")
    add_event(vaggeryd, "INTERN MEDARBETARDIALOG", kind=DialogueActivity.Kind.STAFF_DIALOGUE)
    add_event(vaggeryd, "Opublicerat möte", is_published=False)
    add_event(vaggeryd, "Slutet möte", open_to_public=False)
    add_event(vaggeryd, "Gammalt möte", days=-30)
    add_survey(vaggeryd, "oppen", -1, 30)
    add_survey(vaggeryd, "stangd", -60, -1)
    add_survey(vaggeryd, "utkast", -1, 30, is_published=False)
    content = client.get(reverse("dialogue:index")).content.decode()
    assert "Öppet möte i Vaggeryd" in content
    for hidden in ["INTERN MEDARBETARDIALOG", "Opublicerat möte", "Slutet möte", "Gammalt möte",
                   "Enkät stangd", "Enkät utkast"]:  # fmt: skip
        assert hidden not in content, hidden
    assert "Enkät oppen" in content
    assert 'type="text/calendar"' in content


@pytest.mark.usefixtures("vaggeryd_reads_reports")
def test_kommun_page_links_reporting_results_calendar_and_situation_pictures(client, vaggeryd):
    add_event(vaggeryd, "Öppet möte")
    add_event(vaggeryd, "Genomfört möte", days=-5)
    add_event(vaggeryd, "INTERN", days=-5, kind=DialogueActivity.Kind.STAFF_DIALOGUE)
    add_survey(vaggeryd, "klar", -60, -1)
    SituationPicture.objects.create(
        municipality=vaggeryd, title="Lägesbild 2026", period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30), summary="S", is_published=True,
    )  # fmt: skip
    response = client.get(reverse("dialogue:municipality", args=["vaggeryd"]))
    assert response.status_code == 200
    content = response.content.decode()
    for expected in [
        reverse("dialogue:report_form", args=["vaggeryd"]),
        reverse("dialogue:what_you_told_us", args=["vaggeryd"]),
        reverse("dialogue:calendar", args=["vaggeryd"]),
        reverse("dialogue:survey_results", args=["vaggeryd", "klar"]),
        "Lägesbild 2026",
        "Genomfört möte",
        "Öppet möte",
        "Akut? Ring 112",
    ]:
        assert expected in content, expected
    assert "INTERN" not in content


def test_unknown_kommun_is_404(client):
    assert client.get("/dialog/atlantis/").status_code == 404


def test_kommun_page_links_to_its_dialogue(client, vaggeryd):
    content = client.get(vaggeryd.get_absolute_url()).content.decode()
    assert reverse("dialogue:municipality", args=["vaggeryd"]) in content


@pytest.mark.parametrize("url", ["/dialog/", "/dialog/vaggeryd/"])
def test_query_count_does_not_grow_with_events_or_surveys(client, vaggeryd, url):
    add_event(vaggeryd, "Ett")
    add_survey(vaggeryd, "en", -1, 30)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for number in range(15):
        add_event(vaggeryd, f"Möte {number}", days=number + 1)
        add_event(vaggeryd, f"Förra {number}", days=-number - 1)
        add_survey(vaggeryd, f"s{number}", -1, 30)
        add_survey(vaggeryd, f"c{number}", -60, -1)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(before.captured_queries) == len(after.captured_queries)


def test_index_shows_the_soonest_few_in_the_country_and_counts_them_all(client, vaggeryd):
    """A national roll-out has hundreds of meetings and open surveys: the country-wide page
    shows those that come or close first, and how many there are."""
    for number in range(NATIONAL_UPCOMING_LIMIT + 1):
        add_event(vaggeryd, f"Möte nummer {number:02}", days=number + 1)
    for number in range(OPEN_SURVEYS_LIMIT + 1):
        add_survey(vaggeryd, f"enkat-{number:02}", -1, 40 - number)
    response = client.get(reverse("dialogue:index"))
    assert response.status_code == 200
    content = response.content.decode()
    for number in range(NATIONAL_UPCOMING_LIMIT):
        assert f"Möte nummer {number:02}" in content
    assert f"Möte nummer {NATIONAL_UPCOMING_LIMIT:02}" not in content
    assert f"{NATIONAL_UPCOMING_LIMIT + 1} aktiviteter är på gång." in content
    # The surveys that close first; the one open longest is left for the kommun's page.
    assert "Enkät enkat-00" not in content
    for number in range(1, OPEN_SURVEYS_LIMIT + 1):
        assert f"Enkät enkat-{number:02}" in content
    assert f"{OPEN_SURVEYS_LIMIT + 1} enkäter är öppna." in content
    assert content.count(f'href="{reverse("home")}#sok-rubrik"') >= 2
