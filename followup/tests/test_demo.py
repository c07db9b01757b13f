"""The demo follow-ups: idempotent, complete, and shown as residents and feeds should see them.

The persona fixtures of conftest.py are not used here: the demo loader makes its own police
areas and users, with the same slugs and usernames.
"""

import pytest
from django.contrib.auth import get_user_model

from followup.demo import CORRECTION, load_follow_up_demo
from followup.models import ActivityUpdate, Correction, FollowUpReport, Indicator, IndicatorValue
from pledges.demo import load_demo_data
from pledges.models import Pledge

COUNTED_MODELS = [
    FollowUpReport,
    ActivityUpdate,
    Indicator,
    IndicatorValue,
    Correction,
    # A rerun that saved unchanged rows would still add history.
    FollowUpReport.history.model,
    ActivityUpdate.history.model,
    Indicator.history.model,
    IndicatorValue.history.model,
]


def row_counts():
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


def load(create_users=True):
    load_demo_data(create_users=create_users)
    return load_follow_up_demo(create_users=create_users)


@pytest.fixture
def demo(db):
    return load()


def test_loader_is_idempotent(db):
    first = load()
    counts = row_counts()

    second = load()

    assert row_counts() == counts
    assert second == {}
    assert first["follow-up reports"] == 7
    assert first["key figures"] == 5
    assert first["corrections"] == 1
    assert first["activity updates"] == ActivityUpdate.objects.count()
    assert first["key figure values"] == IndicatorValue.objects.count()


def test_vaggeryd_2022_has_three_published_reports_and_one_correction(demo):
    pledge = Pledge.objects.get(slug="vaggeryd-2022")
    reports = FollowUpReport.objects.published().filter(pledge=pledge)

    assert sorted(reports.values_list("tertial", flat=True)) == [1, 2, 3]
    for report in reports:
        assert report.published_by.username == "polis.varnamo"
        assert report.published_at.date() > report.period.end
        assert report.summary
    correction = Correction.objects.get(report__pledge=pledge)
    assert correction.report.tertial == 2
    assert correction.made_by.username == "polis.varnamo"
    assert correction.made_at > correction.report.published_at
    traffic = correction.report.updates.get(activity__description__contains="trafikinsatser")
    assert traffic.achieved == 3
    assert traffic.status == ActivityUpdate.Status.DELAYED


def test_every_report_has_one_update_per_activity(demo):
    for report in FollowUpReport.objects.all():
        activities = set(report.pledge.activities.values_list("pk", flat=True))
        updates = list(report.updates.values_list("activity_id", flat=True))
        assert sorted(updates) == sorted(activities)


def test_statuses_evolve_and_vanersborg_t3_is_a_draft(demo):
    walks = ActivityUpdate.objects.filter(
        report__pledge__slug="vaggeryd-2022",
        activity__description__startswith="Genomföra trygghetsvandringar",
    ).order_by("report__tertial")
    assert [(u.status, u.achieved) for u in walks] == [
        ("not_started", 0),
        ("in_progress", 1),
        ("done", 2),
    ]
    t3_2021 = FollowUpReport.objects.get(pledge__slug="vaggeryd-2021", year=2021, tertial=3)
    assert t3_2021.is_published
    assert t3_2021.updates.get(activity__description__contains="trygghetsvandringar").status == (
        ActivityUpdate.Status.NOT_DONE
    )
    assert not FollowUpReport.objects.filter(
        pledge__slug="vaggeryd-2021", tertial__in=[1, 2]
    ).exists()

    draft = FollowUpReport.objects.get(pledge__slug="vanersborg-2021", year=2021, tertial=3)
    assert draft.status == FollowUpReport.Status.DRAFT
    assert draft.published_at is None
    assert draft.updates.exclude(narrative="").exists()
    vanersborg = ActivityUpdate.objects.filter(
        report__pledge__slug="vanersborg-2021", report__status=FollowUpReport.Status.PUBLISHED
    )
    assert vanersborg.filter(status=ActivityUpdate.Status.DELAYED).exists()
    assert vanersborg.filter(status=ActivityUpdate.Status.NOT_REPORTED).exists()


def test_pledge_page_shows_the_progress(client, demo):
    response = client.get("/medborgarloften/vaggeryd-2022/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Genomförd" in content or str(ActivityUpdate.Status.DONE.label) in content
    assert "/medborgarloften/vaggeryd-2022/uppfoljning/2022-t2/" in content


def test_corrected_report_shows_the_correction(client, demo):
    response = client.get("/medborgarloften/vaggeryd-2022/uppfoljning/2022-t2/")

    assert response.status_code == 200
    assert CORRECTION["reason"] in response.content.decode()


def test_draft_report_is_not_public(client, demo):
    response = client.get("/medborgarloften/vanersborg-2021/uppfoljning/2021-t3/")

    assert response.status_code == 404


def test_feed_lists_the_published_reports(client, demo):
    response = client.get("/uppfoljningar/atom/")

    assert response.status_code == 200
    entries = response.content.decode().count("<entry>")
    assert entries >= 4
    assert entries == FollowUpReport.objects.published().count()


def test_loaders_work_without_users(db):
    users = get_user_model().objects.count()

    created = load(create_users=False)

    assert get_user_model().objects.count() == users
    assert "corrections" not in created
    assert not Correction.objects.exists()
    assert FollowUpReport.objects.published().count() == 6
    assert not FollowUpReport.objects.filter(published_by__isnull=False).exists()
    counts = row_counts()
    assert load(create_users=False) == {}
    assert row_counts() == counts
