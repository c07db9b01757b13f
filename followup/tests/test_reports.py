"""Follow-up reports: the rules of the model and the workflow of publishing and correcting."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from followup.models import ActivityUpdate, FollowUpReport
from followup.tests.factories import make_report, set_status
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db
Status = ActivityUpdate.Status


@pytest.fixture
def pledge(lpo_varnamo):
    return make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED, activities=3)


def test_one_report_per_pledge_and_tertial_in_the_database(pledge):
    make_report(pledge, tertial=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpReport.objects.create(pledge=pledge, year=2026, tertial=1)


def test_duplicate_report_gets_a_clear_message(pledge):
    make_report(pledge, tertial=1)
    duplicate = FollowUpReport(pledge=pledge, year=2026, tertial=1)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.messages == [
        "Det här medborgarlöftet har redan en uppföljningsrapport för den tertialen."
    ]


def test_tertial_outside_the_pledge_period_is_rejected_with_the_allowed_range(pledge):
    report = FollowUpReport(pledge=pledge, year=2027, tertial=1)
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    message = " ".join(error.value.message_dict["tertial"])
    assert "T1 2027" in message and "T1 2026" in message and "T3 2026" in message


def test_tertial_overlapping_a_mid_year_pledge_is_accepted(lpo_varnamo):
    pledge = make_pledge(
        lpo_varnamo, slug="mid", start=datetime.date(2022, 7, 1), end=datetime.date(2023, 6, 30)
    )
    FollowUpReport(pledge=pledge, year=2022, tertial=2).full_clean()
    FollowUpReport(pledge=pledge, year=2023, tertial=2).full_clean()
    with pytest.raises(ValidationError):
        FollowUpReport(pledge=pledge, year=2022, tertial=1).full_clean()


def test_tertial_must_be_1_to_3_in_the_database(pledge):
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpReport.objects.create(pledge=pledge, year=2026, tertial=4)


def test_new_report_has_one_update_per_activity_prefilled_from_the_latest_published(pledge):
    first = make_report(pledge, tertial=1, status=Status.IN_PROGRESS)
    activity = pledge.activities.first()
    set_status(first, activity, Status.DONE)
    make_report(pledge, tertial=2, published=False, status=Status.DELAYED)  # a draft: ignored
    third = FollowUpReport.objects.create(pledge=pledge, year=2026, tertial=3)
    assert third.add_missing_updates() == 3
    statuses = dict(third.updates.values_list("activity_id", "status"))
    assert statuses[activity.pk] == Status.DONE
    assert sorted(statuses.values()) == sorted(
        [Status.DONE, Status.IN_PROGRESS, Status.IN_PROGRESS]
    )


def test_first_report_starts_as_not_reported(pledge):
    report = FollowUpReport.objects.create(pledge=pledge, year=2026, tertial=1)
    report.add_missing_updates()
    assert set(report.updates.values_list("status", flat=True)) == {Status.NOT_REPORTED}
    assert report.add_missing_updates() == 0


def test_negative_counts_are_rejected(pledge):
    report = make_report(pledge)
    update = report.updates.first()
    update.achieved = -1
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert "achieved" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityUpdate.objects.filter(pk=update.pk).update(achieved=-1)


def test_update_for_another_pledges_activity_is_rejected(pledge, lpo_varnamo):
    other = make_pledge(lpo_varnamo, slug="other", status=Pledge.Status.PUBLISHED)
    report = make_report(pledge)
    update = ActivityUpdate(report=report, activity=other.activities.first())
    with pytest.raises(ValidationError):
        update.full_clean()


def test_police_of_the_lpo_publish_and_the_time_and_person_are_kept(pledge, varnamo_police):
    report = make_report(pledge, published=False)
    report.publish(varnamo_police)
    report.refresh_from_db()
    assert report.is_published
    assert report.published_by == varnamo_police
    assert report.published_at is not None


@pytest.mark.parametrize(
    "persona", ["vaggeryd_coordinator", "fyrbodal_police", "superuser", "staff_without_membership"]
)
def test_only_police_of_the_lpo_may_publish(pledge, request, persona):
    report = make_report(pledge, published=False)
    with pytest.raises(PermissionDenied):
        report.publish(request.getfixturevalue(persona))
    report.refresh_from_db()
    assert not report.is_published


def test_follow_up_of_an_unpublished_pledge_cannot_be_published(lpo_varnamo, varnamo_police):
    draft_pledge = make_pledge(lpo_varnamo, slug="draft")
    report = make_report(draft_pledge, published=False)
    with pytest.raises(ValidationError):
        report.publish(varnamo_police)


def test_a_correction_needs_a_reason_and_police_of_the_lpo(
    pledge, varnamo_police, vaggeryd_coordinator
):
    report = make_report(pledge)
    with pytest.raises(ValidationError):
        report.record_correction(varnamo_police, "  ", "summary")
    with pytest.raises(PermissionDenied):
        report.record_correction(vaggeryd_coordinator, "Fel siffra", "summary")
    correction = report.record_correction(varnamo_police, "Fel siffra", "summary")
    assert correction.made_by == varnamo_police
    assert list(report.corrections.all()) == [correction]
