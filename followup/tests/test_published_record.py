"""A published report keeps each activity as the pledge's published version had it then."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from followup.models import ActivityUpdate, FollowUpReport
from followup.tests.factories import make_report, set_status
from pledges.models import Activity
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db
Status = ActivityUpdate.Status


@pytest.fixture
def pledge(lpo_varnamo):
    pledge = make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2022",
        activities=0,
        start=datetime.date(2022, 1, 1),
        end=datetime.date(2022, 12, 31),
    )
    Activity.objects.create(
        pledge=pledge,
        description="Fyra trygghetsvandringar i Skillingaryd.",
        responsible=Activity.Responsible.POLICE,
        target_count=4,
        target_unit="trygghetsvandringar",
        order=1,
    )
    pledge.publish_without_approvals()
    return pledge


@pytest.fixture
def walks(pledge):
    return pledge.activities.get()


def edit_working_copy(activity, **fields):
    """Staff change the activity in the working copy; nothing is approved yet."""
    Activity.objects.filter(pk=activity.pk).update(**fields)


def publish_new_version(pledge, reason="Ändrat efter dialogmöte."):
    pledge.refresh_from_db()
    pledge.change_reason = reason
    pledge.save(update_fields=["change_reason"])
    return pledge.publish_without_approvals()


def draft_t1(pledge):
    report = make_report(pledge, year=2022, tertial=1, published=False)
    set_status(report, pledge.activities.get(), Status.DONE, achieved=4, narrative="Alla fyra.")
    return report


def test_published_report_keeps_the_activity_as_it_was_published(
    client, pledge, walks, varnamo_police
):
    """The probe: the coordinator turned “four operations, target 4” into “one, target 1”."""
    report = draft_t1(pledge)
    report.publish(varnamo_police)
    edit_working_copy(
        walks,
        description="En trygghetsvandring.",
        responsible=Activity.Responsible.MUNICIPALITY,
        target_count=1,
        target_unit="vandring",
    )
    publish_new_version(pledge)
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Fyra trygghetsvandringar i Skillingaryd." in content
    assert "Genomförs av: Polisen" in content
    assert "4 av 4 trygghetsvandringar" in content
    assert "En trygghetsvandring." not in content
    assert "1 av 1" not in content
    assert "Kommunen" not in content.split('id="aktiviteter"', 1)[1]


def test_publishing_freezes_the_published_version_not_the_working_copy(
    pledge, walks, varnamo_police
):
    report = draft_t1(pledge)
    edit_working_copy(walks, description="Ej godkänd text.", target_count=9)
    report.publish(varnamo_police)
    update = report.updates.get()
    assert (
        update.activity_description,
        update.activity_responsible,
        update.activity_target_count,
        update.activity_target_unit,
    ) == ("Fyra trygghetsvandringar i Skillingaryd.", "police", 4, "trygghetsvandringar")


def test_draft_shows_the_published_version_as_it_is_now(client, pledge, walks, varnamo_police):
    report = draft_t1(pledge)
    client.force_login(varnamo_police)
    edit_working_copy(walks, description="Ej godkänd text.")
    content = client.get(report.get_absolute_url()).content.decode()
    assert "Fyra trygghetsvandringar i Skillingaryd." in content
    assert "Ej godkänd text." not in content
    publish_new_version(pledge)
    content = client.get(report.get_absolute_url()).content.decode()
    assert "Ej godkänd text." in content
    assert "Fyra trygghetsvandringar i Skillingaryd." not in content


def test_admin_shows_a_draft_row_with_the_published_version_text(
    client, pledge, walks, varnamo_police
):
    report = draft_t1(pledge)
    edit_working_copy(walks, description="Ej godkänd text.")
    client.force_login(varnamo_police)
    response = client.get(reverse("admin:followup_followupreport_change", args=[report.pk]))
    content = response.content.decode()
    assert "Fyra trygghetsvandringar i Skillingaryd. (mål: 4 trygghetsvandringar)" in content
    assert "Ej godkänd text." not in content


def test_an_activity_not_yet_approved_gets_no_row(pledge, walks):
    draft_activity = Activity.objects.create(pledge=pledge, description="Nytt förslag.", order=2)
    report = FollowUpReport.objects.create(pledge=pledge, year=2022, tertial=1)
    assert report.add_missing_updates() == 1
    assert list(report.updates.values_list("activity", flat=True)) == [walks.pk]
    publish_new_version(pledge)
    report = FollowUpReport.objects.get(pk=report.pk)
    assert report.add_missing_updates() == 1
    assert set(report.updates.values_list("activity", flat=True)) == {walks.pk, draft_activity.pk}


def test_a_draft_loses_untouched_rows_of_activities_the_published_version_dropped(pledge, walks):
    untouched = Activity.objects.create(pledge=pledge, description="Dialogmöten.", order=2)
    written = Activity.objects.create(pledge=pledge, description="Skolbesök.", order=3)
    publish_new_version(pledge)
    report = make_report(pledge, year=2022, tertial=1, published=False)
    set_status(report, written, Status.IN_PROGRESS, narrative="Två skolor besökta.")
    # A later published version without the two (as if removed from the pledge).
    version = pledge.versions.order_by("-number").first()
    version.content = {
        **version.content,
        "activities": [a for a in version.content["activities"] if a["id"] == walks.pk],
    }
    version.save(update_fields=["content"])
    report = FollowUpReport.objects.get(pk=report.pk)
    report.add_missing_updates()
    assert set(report.updates.values_list("activity", flat=True)) == {walks.pk, written.pk}
    assert not report.updates.filter(activity=untouched).exists()


def test_publishing_adds_the_rows_the_published_version_has_gained(pledge, walks, varnamo_police):
    report = draft_t1(pledge)
    later = Activity.objects.create(pledge=pledge, description="Dialogmöten.", order=2)
    publish_new_version(pledge)
    report = FollowUpReport.objects.get(pk=report.pk)
    report.publish(varnamo_police)
    added = report.updates.get(activity=later)
    assert (added.status, added.activity_description) == (Status.NOT_REPORTED, "Dialogmöten.")


def test_correction_names_the_activity_as_published(client, pledge, walks, varnamo_police):
    report = draft_t1(pledge)
    report.publish(varnamo_police)
    edit_working_copy(walks, description="En trygghetsvandring.")
    update = report.updates.get()
    assert str(update) == "Fyra trygghetsvandringar i Skillingaryd. – Genomförd"


def test_migration_freezes_reports_published_before_from_the_live_activities(pledge, walks):
    migration = import_module("followup.migrations.0004_activities_as_published")
    published = make_report(pledge, year=2022, tertial=1)
    draft = make_report(pledge, year=2022, tertial=2, published=False)
    ActivityUpdate.objects.update(activity_description="", activity_target_count=None)
    edit_working_copy(walks, description="Som aktiviteten lyder nu.", target_count=3)
    migration.freeze_published_updates(apps, None)
    frozen = published.updates.get()
    assert (frozen.activity_description, frozen.activity_target_count) == (
        "Som aktiviteten lyder nu.",
        3,
    )
    assert draft.updates.get().activity_description == ""


def test_pledge_page_counts_what_was_achieved_against_the_target_it_was_reported_on(
    client, pledge, walks, varnamo_police
):
    report = draft_t1(pledge)
    report.publish(varnamo_police)
    edit_working_copy(walks, target_count=6)
    publish_new_version(pledge)
    content = client.get(pledge.get_absolute_url()).content.decode()
    assert "minst 6 trygghetsvandringar" in content
    assert "4 av 4 klara" in content
    assert "4 av 6 klara" not in content
