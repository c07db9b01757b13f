"""Lägesbild: the coordinator's summary with the portal's own figures, linked from pledges."""

import datetime

import pytest
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dialogue.models import DialogueActivity, PlaceReport, SituationPicture
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture(vaggeryd, lpo_varnamo):
    return SituationPicture.objects.create(
        municipality=vaggeryd,
        police_area=lpo_varnamo,
        title="Lägesbild Vaggeryd 2026",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        summary="Oron gäller trafiken.",
        is_published=True,
    )


def moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18)))


def add_inputs(vaggeryd):
    inside, outside = datetime.date(2026, 3, 1), datetime.date(2025, 3, 1)
    for day, kind, participants in [
        (inside, DialogueActivity.Kind.CITIZEN_DIALOGUE, 20),
        (inside, DialogueActivity.Kind.STAFF_DIALOGUE, 99),
        (outside, DialogueActivity.Kind.CITIZEN_DIALOGUE, 50),
    ]:
        DialogueActivity.objects.create(
            municipality=vaggeryd, kind=kind, title=f"Möte {kind}", starts_at=moment(day),
            participants=participants, is_published=True,
        )  # fmt: skip
    for day, status in [
        (inside, "new"), (inside, "read"), (inside, "used"), (inside, "dismissed"),
        (outside, "read"),
    ]:  # fmt: skip
        PlaceReport.objects.create(
            municipality=vaggeryd, place_text="Torget", category="lighting", status=status,
            created_at=moment(day), description="HEMLIG FRITEXT",
        )  # fmt: skip


def test_situation_page_shows_summary_and_figures_of_the_period_only(client, picture, vaggeryd):
    add_inputs(vaggeryd)
    response = client.get(picture.get_absolute_url())
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.activities["total"] == 1  # staff dialogue and other periods not counted
    assert figures.activities["participants"] == 20
    assert figures.reports.total == 2  # the unmoderated and the dismissed are not counted
    content = response.content.decode()
    assert "Oron gäller trafiken." in content
    assert "HEMLIG FRITEXT" not in content
    assert "Möte staff_dialogue" not in content


def test_unpublished_situation_picture_is_404(client, picture):
    SituationPicture.objects.filter(pk=picture.pk).update(is_published=False)
    assert client.get(picture.get_absolute_url()).status_code == 404


def test_wrong_kommun_in_the_url_is_404(client, picture):
    url = reverse("dialogue:situation_detail", args=["vanersborg", picture.pk])
    assert client.get(url).status_code == 404


def test_pledge_page_shows_how_it_was_made_with_the_figures(client, picture, lpo_varnamo, vaggeryd):
    add_inputs(vaggeryd)
    pledge = make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED, situation_picture=picture)
    response = client.get(pledge.get_absolute_url())
    assert response.context["situation_figures"].reports.total == 2
    content = response.content.decode()
    assert "Så togs medborgarlöftet fram" in content
    assert picture.get_absolute_url() in content
    situation_page = client.get(picture.get_absolute_url()).content.decode()
    assert pledge.get_absolute_url() in situation_page


def test_pledge_page_hides_an_unpublished_situation_picture(client, picture, lpo_varnamo):
    SituationPicture.objects.filter(pk=picture.pk).update(is_published=False)
    pledge = make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED, situation_picture=picture)
    content = client.get(pledge.get_absolute_url()).content.decode()
    assert picture.get_absolute_url() not in content


def test_situation_page_query_count_does_not_grow_with_inputs(client, picture, vaggeryd):
    add_inputs(vaggeryd)
    with CaptureQueriesContext(connection) as before:
        client.get(picture.get_absolute_url())
    for _ in range(10):
        add_inputs(vaggeryd)
    with CaptureQueriesContext(connection) as after:
        client.get(picture.get_absolute_url())
    assert len(before.captured_queries) == len(after.captured_queries)


@pytest.mark.parametrize(
    "persona, visible", [("vaggeryd_coordinator", True), ("varnamo_police", True),
                         ("vanersborg_coordinator", False)]
)  # fmt: skip
def test_situation_pictures_are_scoped_in_the_admin(client, picture, request, persona, visible):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("admin:dialogue_situationpicture_change", args=[picture.pk])
    assert client.get(url).status_code == (200 if visible else 302)


def test_period_that_ends_before_it_starts_is_rejected_in_the_admin(
    client, vaggeryd_coordinator, vaggeryd
):
    client.force_login(vaggeryd_coordinator)
    response = client.post(
        reverse("admin:dialogue_situationpicture_add"),
        {"municipality": vaggeryd.pk, "title": "X", "period_start": "2026-05-01",
         "period_end": "2026-01-01", "summary": "S"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not SituationPicture.objects.filter(title="X").exists()


def test_survey_responses_of_the_period_are_counted(client, picture, vaggeryd):
    from dialogue.models import Response, Survey

    survey = Survey.objects.create(
        municipality=vaggeryd, title="Trygghetsenkät", slug="trygg", is_published=True,
        opens_at=moment(datetime.date(2026, 2, 1)), closes_at=moment(datetime.date(2026, 3, 1)),
    )  # fmt: skip
    for _ in range(3):
        Response.objects.create(survey=survey)
    response = client.get(picture.get_absolute_url())
    assert response.context["figures"].survey_responses == 3
    content = response.content.decode()
    assert "Trygghetsenkät" in content
    assert "<dd>3</dd>" in content


def test_a_report_counts_in_the_lagesbild_only_once_moderated(client, picture, vaggeryd):
    report = PlaceReport.objects.create(
        municipality=vaggeryd, place_text="Torget", category="lighting",
        created_at=moment(datetime.date(2026, 3, 1)),
    )  # fmt: skip
    figures = client.get(picture.get_absolute_url()).context["figures"]
    assert figures.reports.total == 0
    assert figures.reports.by_category == [] and figures.reports.by_place == []
    for status, counted in [("read", 1), ("used", 1), ("dismissed", 0)]:
        PlaceReport.objects.filter(pk=report.pk).update(status=status)
        assert client.get(picture.get_absolute_url()).context["figures"].reports.total == counted


# A lägesbild a pledge rests on stays ---------------------------------------------------------

REFUSED = "Lägesbilden ”Lägesbild Vaggeryd 2026” kan inte tas bort"


def delete_url(picture):
    return reverse("admin:dialogue_situationpicture_delete", args=[picture.pk])


@pytest.mark.parametrize("status", [Pledge.Status.PUBLISHED, Pledge.Status.DRAFT])
def test_admin_refuses_deleting_a_lagesbild_a_pledge_links_to(
    client, vaggeryd_coordinator, picture, lpo_varnamo, status
):
    pledge = make_pledge(lpo_varnamo, status=status, situation_picture=picture)
    client.force_login(vaggeryd_coordinator)
    page = client.get(delete_url(picture))
    assert page.status_code == 200
    content = page.content.decode()
    assert REFUSED in content and pledge.title in content
    # Listed as what protects the lägesbild, not as a permission the user lacks.
    assert page.context["protected"] and not page.context["perms_lacking"]
    response = client.post(delete_url(picture), {"post": "yes"})
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert SituationPicture.objects.filter(pk=picture.pk).exists()


def test_a_published_version_of_a_pledge_keeps_its_lagesbild_too(
    client, vaggeryd_coordinator, picture, vaggeryd, lpo_varnamo
):
    pledge = make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED, situation_picture=picture)
    newer = SituationPicture.objects.create(
        municipality=vaggeryd, title="Lägesbild Vaggeryd 2027", summary="Ny.",
        period_start=datetime.date(2027, 1, 1), period_end=datetime.date(2027, 12, 31),
    )  # fmt: skip
    # The working copy moves on to a newer lägesbild; the published version still shows this one.
    Pledge.objects.filter(pk=pledge.pk).update(situation_picture=newer)
    client.force_login(vaggeryd_coordinator)
    response = client.post(delete_url(picture), {"post": "yes"})
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert SituationPicture.objects.filter(pk=picture.pk).exists()
    with pytest.raises(ProtectedError):
        picture.delete()
    with pytest.raises(ProtectedError):
        SituationPicture.objects.filter(pk=picture.pk).delete()


def test_bulk_delete_refuses_a_lagesbild_a_pledge_links_to(
    client, vaggeryd_coordinator, picture, lpo_varnamo
):
    make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED, situation_picture=picture)
    client.force_login(vaggeryd_coordinator)
    response = client.post(
        reverse("admin:dialogue_situationpicture_changelist"),
        {"action": "delete_selected", "_selected_action": [str(picture.pk)], "post": "yes"},
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert SituationPicture.objects.filter(pk=picture.pk).exists()


def test_a_lagesbild_no_pledge_rests_on_can_be_deleted(client, vaggeryd_coordinator, picture):
    client.force_login(vaggeryd_coordinator)
    response = client.post(delete_url(picture), {"post": "yes"})
    assert response.status_code == 302
    assert not SituationPicture.objects.filter(pk=picture.pk).exists()
