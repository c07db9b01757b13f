"""Publishing from the admin: save what was typed, check the preview, then confirm."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from followup.models import ActivityUpdate, FollowUpReport
from followup.tests.factories import inline_data, make_report
from pledges.models import Pledge
from pledges.tests.factories import make_pledge
from portal.tertials import Tertial

pytestmark = pytest.mark.django_db
Status = ActivityUpdate.Status


@pytest.fixture
def draft(pledge):
    return make_report(pledge, year=2022, tertial=1, published=False, summary="")


def change_url(report):
    return reverse("admin:followup_followupreport_change", args=[report.pk])


def preview_url(report):
    return reverse("admin:followup_followupreport_preview", args=[report.pk])


def publish_url(report):
    return reverse("admin:followup_followupreport_publish", args=[report.pk])


def confirm(client, report):
    """The preview's confirm button: a POST carrying the revision the preview showed."""
    revision = FollowUpReport.objects.get(pk=report.pk).revision
    return client.post(publish_url(report), {"revision": str(revision)})


def typed(report, **changes):
    """The change form as the police filled it in, and the publish button pressed."""
    return inline_data(
        report,
        summary="Två trygghetsvandringar genomfördes.",
        _publish="Spara och granska före publicering",
        **{"updates-0-status": "done", "updates-0-narrative": "Klart i april."},
        **changes,
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_change_form_has_the_publish_button_inside_the_form(client, draft, varnamo_police):
    client.force_login(varnamo_police)
    content = client.get(change_url(draft)).content.decode()
    form = content[content.index('<form enctype="multipart/form-data"') :]
    form = form[: form.index("</form>")]
    assert 'name="_publish"' in form
    assert 'value="Spara och granska före publicering"' in form


def test_publish_button_saves_what_was_typed_and_shows_the_preview(client, draft, varnamo_police):
    client.force_login(varnamo_police)
    response = client.post(change_url(draft), typed(draft))
    assert response.status_code == 302
    assert response["Location"] == preview_url(draft)
    draft.refresh_from_db()
    assert draft.summary == "Två trygghetsvandringar genomfördes."
    first = draft.updates.order_by("activity__order").first()
    assert (first.status, first.narrative) == (Status.DONE, "Klart i april.")
    assert not draft.is_published
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    content = preview.content.decode()
    assert "Två trygghetsvandringar genomfördes." in content
    assert "Klart i april." in content
    assert 'value="Publicera uppföljningen"' in content
    assert f'action="{publish_url(draft)}"' in content


def test_publish_button_with_invalid_input_shows_the_errors_and_saves_nothing(
    client, draft, varnamo_police
):
    client.force_login(varnamo_police)
    response = client.post(change_url(draft), typed(draft, **{"updates-1-achieved": "-3"}))
    assert response.status_code == 200
    assert "achieved" in response.context["inline_admin_formsets"][0].formset.errors[1]
    draft.refresh_from_db()
    assert draft.summary == ""
    assert not draft.updates.filter(status=Status.DONE).exists()
    assert not draft.is_published


def test_preview_warns_about_unreported_activities_and_an_empty_summary(
    client, draft, varnamo_police
):
    client.force_login(varnamo_police)
    content = client.get(preview_url(draft)).content.decode()
    assert "Sammanfattningen är tom" in content
    assert "2 aktiviteter är fortfarande ”Ej rapporterad”" in content
    assert not draft.is_published


def test_preview_of_a_complete_report_has_no_warnings(client, pledge, varnamo_police):
    report = make_report(pledge, year=2022, tertial=1, published=False, status=Status.DONE)
    client.force_login(varnamo_police)
    response = client.get(preview_url(report))
    assert response.status_code == 200
    assert response.context["unreported"] == []
    content = response.content.decode()
    assert "Sammanfattningen är tom" not in content
    assert "fortfarande ”Ej rapporterad”" not in content


def test_confirming_publishes_the_saved_report(client, draft, varnamo_police):
    client.force_login(varnamo_police)
    client.post(change_url(draft), typed(draft))
    response = confirm(client, draft)
    assert response.status_code == 302
    assert response["Location"] == change_url(draft)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_by == varnamo_police
    client.logout()
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200
    assert "Två trygghetsvandringar genomfördes." in page.content.decode()


def test_confirm_needs_post(client, draft, varnamo_police):
    client.force_login(varnamo_police)
    assert client.get(publish_url(draft)).status_code == 405
    draft.refresh_from_db()
    assert not draft.is_published


def test_preview_does_not_publish_or_accept_a_post(client, draft, varnamo_police):
    client.force_login(varnamo_police)
    assert client.post(preview_url(draft)).status_code == 405
    draft.refresh_from_db()
    assert not draft.is_published


def test_confirm_needs_the_csrf_token(draft, varnamo_police):
    client = Client(enforce_csrf_checks=True)
    client.force_login(varnamo_police)
    assert confirm(client, draft).status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published


def test_coordinator_saves_but_cannot_preview_or_publish(client, draft, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    assert 'name="_publish"' not in client.get(change_url(draft)).content.decode()
    response = client.post(change_url(draft), typed(draft))
    assert response.status_code == 302
    assert response["Location"] == change_url(draft)
    [message] = messages_of(response)
    assert message.startswith("Dina ändringar är sparade, men uppföljningen publicerades inte")
    draft.refresh_from_db()
    assert draft.summary == "Två trygghetsvandringar genomfördes."
    refused = client.get(preview_url(draft))
    assert refused.status_code == 302
    assert refused["Location"] == change_url(draft)
    response = confirm(client, draft)
    assert response.status_code == 302
    assert messages_of(response)[-1] == (
        f"{draft}: Bara polisens medarbetare i medborgarlöftets lokalpolisområde får "
        "publicera uppföljningar."
    )
    draft.refresh_from_db()
    assert not draft.is_published


def test_report_of_a_tertial_under_way_is_refused_at_preview_and_confirm(
    client, lpo_varnamo, varnamo_police
):
    today = datetime.date.today()
    pledge = make_pledge(
        lpo_varnamo, slug="i-kraft", status=Pledge.Status.PUBLISHED,
        start=today - datetime.timedelta(days=365), end=today + datetime.timedelta(days=365),
    )  # fmt: skip
    tertial = Tertial.containing(today)
    report = make_report(pledge, year=tertial.year, tertial=tertial.number, published=False)
    client.force_login(varnamo_police)
    response = client.post(change_url(report), typed(report))
    assert response["Location"] == change_url(report)
    preview = client.get(preview_url(report))
    assert preview.status_code == 302
    assert "kan publiceras från" in messages_of(preview)[-1]
    confirm(client, report)
    report.refresh_from_db()
    assert not report.is_published
    assert report.summary == "Två trygghetsvandringar genomfördes."


def test_police_of_another_lpo_find_neither_preview_nor_confirm(client, draft, fyrbodal_police):
    client.force_login(fyrbodal_police)
    assert client.get(preview_url(draft)).status_code == 404
    assert client.post(publish_url(draft)).status_code == 404
    draft.refresh_from_db()
    assert not draft.is_published


def test_confirming_twice_says_it_is_already_published(client, draft, varnamo_police):
    client.force_login(varnamo_police)
    confirm(client, draft)
    response = confirm(client, draft)
    assert response.status_code == 302
    assert messages_of(response)[-1] == f"{draft}: Rapporten är redan publicerad."


def test_unknown_report_is_404_not_500(client, varnamo_police):
    client.force_login(varnamo_police)
    assert client.post("/admin/followup/followupreport/999999/publish/").status_code == 404
    assert client.get("/admin/followup/followupreport/999999/preview/").status_code == 404


@pytest.mark.parametrize("revision", [None, "", "x", "-1", "99999999999999"])
def test_confirm_from_a_stale_or_garbled_preview_publishes_nothing(
    client, draft, varnamo_police, revision
):
    client.force_login(varnamo_police)
    stale = str(draft.revision)
    client.post(change_url(draft), inline_data(draft, summary="Ändrad efter förhandsvisningen."))
    data = {"revision": stale} if revision is None else {"revision": revision}
    response = client.post(publish_url(draft), data)
    assert response.status_code == 302
    assert response["Location"] == preview_url(draft)
    assert messages_of(response)[-1].startswith("Uppföljningen sparades igen efter")
    draft.refresh_from_db()
    assert not draft.is_published
