"""Follow-ups in the admin: drafting, publishing, corrections, due lists, carry-over."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followup.models import ActivityUpdate, Correction, FollowUpReport
from followup.tests.factories import inline_data, make_report, set_status
from pledges.models import Activity, Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db
Status = ActivityUpdate.Status


def add_url():
    return reverse("admin:followup_followupreport_add")


def change_url(report):
    return reverse("admin:followup_followupreport_change", args=[report.pk])


def publish_url(report):
    return reverse("admin:followup_followupreport_publish", args=[report.pk])


@pytest.mark.parametrize("persona", ["vaggeryd_coordinator", "varnamo_police"])
def test_both_sides_may_start_a_draft_with_one_row_per_activity(client, pledge, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        add_url(), {"pledge": pledge.pk, "year": "2022", "tertial": "2", "summary": "Utkast."}
    )
    assert response.status_code == 302
    report = FollowUpReport.objects.get(pledge=pledge, year=2022, tertial=2)
    assert report.status == FollowUpReport.Status.DRAFT
    assert report.updates.count() == 2


def test_tertial_outside_the_period_gets_a_message_and_saves_nothing(
    client, pledge, varnamo_police
):
    client.force_login(varnamo_police)
    response = client.post(add_url(), {"pledge": pledge.pk, "year": "2023", "tertial": "1"})
    assert response.status_code == 200
    assert "T1 2023" in str(response.context["adminform"].form.errors)
    assert not FollowUpReport.objects.exists()


def test_duplicate_report_gets_a_message_and_saves_nothing(client, pledge, varnamo_police):
    make_report(pledge, year=2022, tertial=1, published=False)
    client.force_login(varnamo_police)
    response = client.post(add_url(), {"pledge": pledge.pk, "year": "2022", "tertial": "1"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert FollowUpReport.objects.count() == 1


@pytest.mark.parametrize("tertial", ["4", "0", "x"])
def test_impossible_tertial_is_rejected(client, pledge, varnamo_police, tertial):
    client.force_login(varnamo_police)
    response = client.post(add_url(), {"pledge": pledge.pk, "year": "2022", "tertial": tertial})
    assert response.status_code == 200
    assert not FollowUpReport.objects.exists()


def test_police_of_another_lpo_cannot_start_a_report_for_the_pledge(
    client, pledge, fyrbodal_police
):
    client.force_login(fyrbodal_police)
    response = client.post(add_url(), {"pledge": pledge.pk, "year": "2022", "tertial": "1"})
    assert response.status_code == 200
    assert not FollowUpReport.objects.exists()


def test_drafting_saves_statuses_counts_and_narratives(client, pledge, vaggeryd_coordinator):
    report = make_report(pledge, year=2022, tertial=1, published=False)
    client.force_login(vaggeryd_coordinator)
    data = inline_data(
        report,
        **{"updates-0-status": "done", "updates-0-achieved": "4", "updates-0-narrative": "Klart."},
    )
    response = client.post(change_url(report), data)
    assert response.status_code == 302
    update = report.updates.order_by("activity__order").first()
    assert (update.status, update.achieved, update.narrative) == ("done", 4, "Klart.")


def test_negative_count_gets_a_message_next_to_the_field(client, pledge, varnamo_police):
    report = make_report(pledge, year=2022, tertial=1, published=False)
    client.force_login(varnamo_police)
    response = client.post(change_url(report), inline_data(report, **{"updates-0-achieved": "-3"}))
    assert response.status_code == 200
    assert "achieved" in response.context["inline_admin_formsets"][0].formset.errors[0]
    assert report.updates.filter(achieved__isnull=False).count() == 0


@pytest.mark.parametrize(
    "name, content, size_ok",
    [("skript.exe", b"MZ", True), ("bild.svg", b"<svg/>", True), ("stor.pdf", None, False)],
)
def test_evidence_of_the_wrong_type_or_too_large_is_rejected(
    client, pledge, varnamo_police, settings, tmp_path, name, content, size_ok
):
    settings.MEDIA_ROOT = tmp_path
    settings.FOLLOWUP_EVIDENCE_MAX_BYTES = 1000
    report = make_report(pledge, year=2022, tertial=1, published=False)
    client.force_login(varnamo_police)
    upload = SimpleUploadedFile(name, content if size_ok else b"%PDF" + b"x" * 2000)
    data = inline_data(report, **{"updates-0-evidence_file": upload})
    response = client.post(change_url(report), data)
    assert response.status_code == 200
    errors = str(response.context["inline_admin_formsets"][0].formset.errors)
    assert "evidence_file" in errors
    assert not report.updates.exclude(evidence_file="").exists()


def test_police_of_another_lpo_cannot_see_or_touch_the_report(client, pledge, fyrbodal_police):
    report = make_report(pledge, year=2022, tertial=1, published=False)
    client.force_login(fyrbodal_police)
    assert client.get(change_url(report)).status_code == 302  # treated as missing
    assert client.post(publish_url(report)).status_code == 404
    client.post(change_url(report), inline_data(report, summary="Kapat"))
    report.refresh_from_db()
    assert not report.is_published and report.summary != "Kapat"


def test_publish_action_publishes_only_what_the_user_may(client, pledge, varnamo_police):
    report = make_report(pledge, year=2022, tertial=1, published=False)
    client.force_login(varnamo_police)
    client.post(
        reverse("admin:followup_followupreport_changelist"),
        {"action": "publish_selected", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.is_published


def test_published_report_cannot_be_changed_without_a_correction_reason(
    client, pledge, varnamo_police
):
    report = make_report(pledge, year=2022, tertial=1, status=Status.IN_PROGRESS)
    client.force_login(varnamo_police)
    data = inline_data(report, **{"updates-0-status": "done"})
    response = client.post(change_url(report), data)
    assert response.status_code == 200
    assert "correction_reason" in response.context["adminform"].form.errors
    assert not report.updates.filter(status="done").exists()
    assert not Correction.objects.exists()


def test_correction_with_a_reason_is_recorded_and_shown_publicly(client, pledge, varnamo_police):
    report = make_report(pledge, year=2022, tertial=1, status=Status.IN_PROGRESS)
    client.force_login(varnamo_police)
    data = inline_data(
        report, correction_reason="Fel status angavs.", **{"updates-0-status": "done"}
    )
    response = client.post(change_url(report), data)
    assert response.status_code == 302
    correction = report.corrections.get()
    assert correction.reason == "Fel status angavs."
    assert correction.made_by == varnamo_police
    assert correction.changes == "Aktivitet 1: Status"
    client.logout()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Fel status angavs." in page
    assert "Rättelser" in page


def test_coordinator_sees_a_published_report_read_only(client, pledge, vaggeryd_coordinator):
    report = make_report(pledge, year=2022, tertial=1)
    client.force_login(vaggeryd_coordinator)
    assert client.get(change_url(report)).status_code == 200
    client.post(change_url(report), inline_data(report, summary="Ändrat", correction_reason="x"))
    report.refresh_from_db()
    assert report.summary != "Ändrat"


def test_published_report_cannot_be_deleted(client, pledge, superuser):
    report = make_report(pledge, year=2022, tertial=1)
    client.force_login(superuser)
    delete = reverse("admin:followup_followupreport_delete", args=[report.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert FollowUpReport.objects.filter(pk=report.pk).exists()


def test_changelist_shows_due_and_overdue_follow_ups_of_own_organisations(
    client, pledge, lpo_fyrbodal, varnamo_police, settings
):
    settings.FOLLOWUP_GRACE_DAYS = 100_000  # keeps the 2022 pledge within its grace period
    make_report(pledge, year=2022, tertial=1)
    draft = make_report(pledge, year=2022, tertial=2, published=False)
    make_pledge(lpo_fyrbodal, slug="vanersborg", municipality_names=["Vänersborg"],
                status=Pledge.Status.PUBLISHED, start=datetime.date(2022, 1, 1),
                end=datetime.date(2022, 12, 31))  # fmt: skip
    client.force_login(varnamo_police)
    response = client.get(reverse("admin:followup_followupreport_changelist"))
    rows = response.context["due_rows"]
    assert [(row[0].slug, str(row[1]), row[3]) for row in rows] == [
        ("vaggeryd-2022", "T2 2022", True),
        ("vaggeryd-2022", "T3 2022", True),
    ]
    assert rows[0][4] == draft
    content = response.content.decode()
    assert content.count("<strong>Försenad</strong>") == 2


def test_carry_over_copies_unfinished_activities_to_the_next_pledge(
    client, pledge, lpo_varnamo, vaggeryd_coordinator
):
    done, walks = pledge.activities.order_by("order")
    walks.description_en = "Carry out safety walks."
    walks.save()
    report = make_report(pledge, year=2022, tertial=3, status=Status.NOT_DONE)
    set_status(report, done, Status.DONE)
    following = make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2023",
        previous=pledge,
        activities=0,
        start=datetime.date(2023, 1, 1),
        end=datetime.date(2023, 12, 31),
    )
    client.force_login(vaggeryd_coordinator)
    changelist = reverse("admin:pledges_pledge_changelist")
    action = {"action": "carry_over_selected", "_selected_action": [pledge.pk]}
    client.post(changelist, action)
    copies = list(following.activities.all())
    assert [a.carried_over_from for a in copies] == [walks]
    assert copies[0].description == walks.description
    assert set(copies[0].focus_areas.values_list("name", flat=True)) == {"Trafiksäkerhet"}
    # The English version comes along, so that staff need not type it again.
    assert copies[0].description_en == "Carry out safety walks."
    client.post(changelist, action)  # again: nothing is copied twice
    assert following.activities.count() == 1
    following.publish_without_approvals()
    page = client.get(pledge.get_absolute_url()).content.decode()
    assert "Överförd" in page and following.get_absolute_url() in page


def test_carry_over_without_a_next_pledge_explains_what_to_do(client, pledge, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    response = client.post(
        reverse("admin:pledges_pledge_changelist"),
        {"action": "carry_over_selected", "_selected_action": [pledge.pk]},
        follow=True,
    )
    assert "föregående" in response.content.decode()
    assert Activity.objects.filter(carried_over_from__isnull=False).count() == 0
