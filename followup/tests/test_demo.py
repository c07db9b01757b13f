"""The demo follow-ups: one for every ended tertial, published as the calendar allows, idempotent.

The persona fixtures of conftest.py are not used here: the demo loader makes its own police
areas and users, with the same slugs and usernames.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from followup.demo import CORRECTION
from followup.models import ActivityUpdate, Correction, FollowUpReport, Indicator, IndicatorValue
from pledges.models import Pledge
from pledges.tests.test_demo_data import DAYS, load_demo_on
from portal.holidays import is_working_day
from portal.tertials import tertials_between

S = ActivityUpdate.Status
POLICE = {"Vaggeryd": "polis.varnamo", "Vänersborg": "polis.ostrafyrbodal"}
YOUTH = "Nå unga som riskerar att hamna i missbruk"
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


def in_force(kommun, day):
    return Pledge.objects.current(day).get(municipalities__name=kommun)


def end_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


@pytest.fixture
def demo(db, monkeypatch):
    return load_demo_on(monkeypatch, DAYS[0])


@pytest.mark.parametrize("day", DAYS)
def test_the_pledge_in_force_has_a_published_follow_up_for_exactly_its_ended_tertials(
    db, monkeypatch, day
):
    load_demo_on(monkeypatch, day)
    now = timezone.now()

    for kommun, police in POLICE.items():
        pledge = in_force(kommun, day)
        ended = [t for t in tertials_between(pledge.start_date, pledge.end_date) if t.end < day]
        reports = pledge.follow_up_reports.all()
        assert sorted(r.period for r in reports) == ended
        assert 2 <= len(ended) <= 3
        for report in reports:
            assert report.is_published
            assert report.published_by.username == police
            published = timezone.localtime(report.published_at)
            # Only after the tertial, by now, in office hours; on a working day unless none
            # has passed since the tertial ended.
            assert end_of(report.period.end) < published <= now
            assert 9 <= published.hour <= 17
            days_since = (day - report.period.end).days
            passed = [report.period.end + datetime.timedelta(days=n) for n in range(1, days_since)]
            if any(is_working_day(d) for d in passed) or is_working_day(day):
                assert is_working_day(published.date())
            assert report.summary
            updates = list(report.updates.all())
            assert updates and all(u.narrative for u in updates)
            assert S.NOT_REPORTED not in {u.status for u in updates}
            values = list(report.values.all())
            assert len(values) == 3 if kommun == "Vaggeryd" else len(values) == 2
            # Published values keep the key figure as it was: publication froze them.
            assert all(value.is_frozen for value in values)


def test_a_follow_up_due_over_new_year_is_published_on_the_weekend_if_no_working_day_passed(
    db, monkeypatch
):
    load_demo_on(monkeypatch, datetime.date(2027, 1, 3))

    report = in_force("Vaggeryd", datetime.date(2027, 1, 3)).follow_up_reports.get(
        year=2026, tertial=3
    )
    assert timezone.localtime(report.published_at) == timezone.make_aware(
        datetime.datetime(2027, 1, 3, 10)
    )


def test_reports_before_the_change_show_the_pledge_as_it_was(demo):
    pledge = in_force("Vaggeryd", DAYS[0])
    first, second = pledge.versions.order_by("number")
    before = pledge.follow_up_reports.get(published_at__lt=second.published_at)
    after = pledge.follow_up_reports.get(published_at__gt=second.published_at)

    # Each report has one update per activity of the version in force when it was published.
    for report, version in [(before, first), (after, second)]:
        reported = set(report.updates.values_list("activity_id", flat=True))
        assert reported == {activity["id"] for activity in version.content["activities"]}
    assert not before.updates.filter(activity__description__startswith=YOUTH).exists()
    assert after.updates.filter(activity__description__startswith=YOUTH).count() == 1


@pytest.mark.parametrize("create_users", [True, False])
def test_reports_keep_the_activity_as_the_version_in_force_had_it(db, monkeypatch, create_users):
    load_demo_on(monkeypatch, DAYS[0], create_users=create_users)

    pledge = in_force("Vänersborg", DAYS[0])
    presence = [
        (report.period.number, update.activity_description, update.activity_target_count)
        for report in pledge.follow_up_reports.order_by("tertial")
        for update in report.updates.filter(activity__description__contains="polisens närvaro")
    ]
    assert presence == [
        (1, "Öka polisens närvaro på Sanden under evenemang och säsong.", None),
        (2, "Öka polisens närvaro på Sanden under evenemang och säsong, med minst 200 timmar "
            "per år.", 400),
    ]  # fmt: skip


def test_counted_activities_add_up_from_report_to_report(db, monkeypatch):
    load_demo_on(monkeypatch, datetime.date(2026, 11, 30))
    load_demo_on(monkeypatch, datetime.date(2031, 5, 1))

    # The first pledge in force has now ended: all six tertials are reported.
    first = Pledge.objects.get(slug="vaggeryd-2026")
    walks = ActivityUpdate.objects.filter(
        report__pledge=first, activity__description__contains="en på våren och en på hösten"
    ).order_by("report__year", "report__tertial")
    assert [u.achieved for u in walks] == [1, 1, 2, 3, 3, 4]
    assert [u.status for u in walks][-1] == S.DONE
    presence = ActivityUpdate.objects.filter(
        report__pledge__slug="vanersborg-2026", activity__description__contains="polisens närvaro"
    ).order_by("report__year", "report__tertial")
    hours = [u.achieved for u in presence]
    assert hours == sorted(hours) and hours[-1] == 449
    assert presence.last().status == S.DONE  # the target of version 2, 400 hours, was reached
    assert presence.first().status == S.IN_PROGRESS  # no target before version 2


def test_loader_is_idempotent(db, monkeypatch):
    first = load_demo_on(monkeypatch, DAYS[0])
    counts = row_counts()

    second = load_demo_on(monkeypatch, DAYS[0])

    assert row_counts() == counts
    assert second == {}
    assert first["follow-up reports"] == 7 + 4  # the seed pledges' and two each in force
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


def test_every_seed_report_has_one_update_per_activity(demo):
    for report in FollowUpReport.objects.filter(pledge__slug__in=["vaggeryd-2021",
                                                                  "vaggeryd-2022",
                                                                  "vanersborg-2021"]):  # fmt: skip
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
    pledge = in_force("Vaggeryd", DAYS[0])
    response = client.get(pledge.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert str(ActivityUpdate.Status.IN_PROGRESS.label) in content
    for report in pledge.follow_up_reports.all():
        assert report.get_absolute_url() in content


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
    assert entries == FollowUpReport.objects.published().count() == 10


def test_loaders_work_without_users(db, monkeypatch):
    users = get_user_model().objects.count()

    created = load_demo_on(monkeypatch, DAYS[0], create_users=False)

    assert get_user_model().objects.count() == users
    assert "corrections" not in created
    assert not Correction.objects.exists()
    assert FollowUpReport.objects.published().count() == 6 + 4
    assert not FollowUpReport.objects.filter(published_by__isnull=False).exists()
    assert not IndicatorValue.objects.filter(report__status="published", indicator_name="").exists()
    counts = row_counts()
    assert load_demo_on(monkeypatch, DAYS[0], create_users=False) == {}
    assert row_counts() == counts
