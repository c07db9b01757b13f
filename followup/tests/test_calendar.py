"""Follow-ups keep to the calendar: published after their tertial, due and late, or never."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from followup.models import FollowUpReport
from followup.progress import schedule
from followup.services import due_follow_ups
from followup.tests.factories import make_report
from pledges.models import Pledge
from pledges.tests.factories import make_pledge
from portal.tertials import Tertial

pytestmark = pytest.mark.django_db
T = Tertial


def published_pledge(area, start, end, slug="loftet"):
    return make_pledge(area, slug=slug, status=Pledge.Status.PUBLISHED, start=start, end=end)


@pytest.fixture
def current_pledge(lpo_varnamo):
    """A pledge in force: from a year ago until a year from now."""
    today = datetime.date.today()
    return published_pledge(
        lpo_varnamo,
        today - datetime.timedelta(days=365),
        today + datetime.timedelta(days=365),
        slug="i-kraft",
    )


@pytest.fixture
def pledge_2022(lpo_varnamo):
    return published_pledge(lpo_varnamo, datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))


def current_report(pledge):
    tertial = Tertial.containing(datetime.date.today())
    return make_report(pledge, year=tertial.year, tertial=tertial.number, published=False)


def ended_report(pledge):
    tertial = Tertial.containing(datetime.date.today()).previous()
    return make_report(pledge, year=tertial.year, tertial=tertial.number, published=False)


# Publishing only after the tertial -------------------------------------------------------


def test_tertial_has_ended_the_day_after_its_last_day():
    t1 = Tertial(2027, 1)
    assert not t1.has_ended(datetime.date(2027, 4, 30))
    assert t1.has_ended(datetime.date(2027, 5, 1))


def test_report_of_a_tertial_under_way_cannot_be_published(current_pledge, varnamo_police):
    report = current_report(current_pledge)
    with pytest.raises(ValidationError) as error:
        report.publish(varnamo_police)
    day_after = report.period.end + datetime.timedelta(days=1)
    message = error.value.messages[0]
    assert str(report.period) in message
    assert str(day_after.year) in message and "när tertialen är slut" in message
    report.refresh_from_db()
    assert not report.is_published


def test_report_of_an_ended_tertial_can_be_published(current_pledge, varnamo_police):
    report = ended_report(current_pledge)
    report.publish(varnamo_police)
    report.refresh_from_db()
    assert report.is_published


def test_report_of_a_tertial_before_the_pledge_began_cannot_be_published(
    lpo_varnamo, varnamo_police
):
    """The probe: police published T1 of next year's pledge in November of this year."""
    next_year = datetime.date.today().year + 1
    pledge = published_pledge(
        lpo_varnamo, datetime.date(next_year, 1, 1), datetime.date(next_year, 12, 31)
    )
    report = make_report(pledge, year=next_year, tertial=1, published=False)
    with pytest.raises(ValidationError):
        report.publish(varnamo_police)
    assert not FollowUpReport.objects.frozen().exists()


def test_admin_hides_the_publish_button_and_says_why(client, current_pledge, varnamo_police):
    report = current_report(current_pledge)
    client.force_login(varnamo_police)
    response = client.get(reverse("admin:followup_followupreport_change", args=[report.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="_publish"' not in content
    assert response.context["can_publish"] is False
    assert f"Uppföljningen av {report.period} kan publiceras från" in content


def test_admin_shows_the_publish_button_once_the_tertial_has_ended(
    client, current_pledge, varnamo_police
):
    report = ended_report(current_pledge)
    client.force_login(varnamo_police)
    response = client.get(reverse("admin:followup_followupreport_change", args=[report.pk]))
    assert response.context["can_publish"] is True
    assert 'name="_publish"' in response.content.decode()


def test_bulk_publish_refuses_each_report_whose_tertial_has_not_ended(
    client, current_pledge, varnamo_police
):
    under_way, ended = current_report(current_pledge), ended_report(current_pledge)
    client.force_login(varnamo_police)
    response = client.post(
        reverse("admin:followup_followupreport_changelist"),
        {"action": "publish_selected", "_selected_action": [under_way.pk, ended.pk]},
    )
    assert response.status_code == 302
    under_way.refresh_from_db()
    ended.refresh_from_db()
    assert (under_way.is_published, ended.is_published) == (False, True)
    with translation.override("sv"):
        day_after = date_format(under_way.period.end + datetime.timedelta(days=1))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"{under_way}: Uppföljningen av {under_way.period} kan publiceras från {day_after}, "
        "när tertialen är slut.",
        f"{ended} är publicerad.",
    ]


# The schedule --------------------------------------------------------------------------------


def test_next_due_skips_a_tertial_that_already_has_a_published_report(lpo_varnamo):
    """The probe: T1 2027 was published in November 2026; the page still said T1 was next."""
    pledge = published_pledge(lpo_varnamo, datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))
    plan = schedule(pledge, {T(2027, 1)}, today=datetime.date(2026, 11, 30))
    assert plan.next_due == (T(2027, 2), datetime.date(2027, 9, 30))
    assert (plan.overdue, plan.due, plan.never_published) == ([], [], [])


def test_next_due_is_the_earliest_ended_tertial_without_a_published_report(pledge_2022):
    plan = schedule(pledge_2022, {T(2022, 2)}, today=datetime.date(2022, 10, 15))
    assert plan.next_due == (T(2022, 1), datetime.date(2022, 5, 30))
    assert plan.next_is_late
    assert plan.overdue == [(T(2022, 1), datetime.date(2022, 5, 30))]
    assert plan.later_overdue == []


def test_next_due_is_the_tertial_under_way_when_every_ended_one_is_published(pledge_2022):
    plan = schedule(pledge_2022, {T(2022, 1)}, today=datetime.date(2022, 6, 15))
    assert plan.next_due == (T(2022, 2), datetime.date(2022, 9, 30))
    assert not plan.next_is_late


def test_a_follow_up_within_its_due_days_is_due_not_late(pledge_2022):
    plan = schedule(pledge_2022, set(), today=datetime.date(2022, 5, 30))
    assert plan.due == [(T(2022, 1), datetime.date(2022, 5, 30))]
    assert plan.overdue == []


def test_missing_follow_ups_are_late_until_the_grace_period_after_the_pledge_has_passed(
    pledge_2022, settings
):
    settings.FOLLOWUP_GRACE_DAYS = 180
    last_late_day = datetime.date(2022, 12, 31) + datetime.timedelta(days=180)
    plan = schedule(pledge_2022, {T(2022, 1)}, today=last_late_day)
    assert [t for t, _due in plan.overdue] == [T(2022, 2), T(2022, 3)]
    assert plan.never_published == []
    plan = schedule(pledge_2022, {T(2022, 1)}, today=last_late_day + datetime.timedelta(days=1))
    assert [t for t, _due in plan.never_published] == [T(2022, 2), T(2022, 3)]
    assert (plan.overdue, plan.due, plan.next_due) == ([], [], None)


def test_grace_days_is_a_setting(pledge_2022, settings):
    settings.FOLLOWUP_GRACE_DAYS = 10
    plan = schedule(pledge_2022, set(), today=datetime.date(2023, 1, 31))
    assert [t for t, _due in plan.never_published] == [T(2022, 1), T(2022, 2), T(2022, 3)]


def test_pledge_page_says_never_published_instead_of_late(client, pledge_2022, settings):
    settings.FOLLOWUP_GRACE_DAYS = 180  # the pledge ended long before today
    make_report(pledge_2022, year=2022, tertial=1)
    response = client.get(pledge_2022.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Uppföljningen av T2 2022 publicerades aldrig." in content
    assert "Uppföljningen av T3 2022 publicerades aldrig." in content
    assert "försenad" not in content
    assert "Nästa uppföljning" not in content


def test_pledge_page_names_the_next_follow_up_and_then_the_later_late_ones(
    client, pledge_2022, settings
):
    settings.FOLLOWUP_GRACE_DAYS = 100_000  # keeps the 2022 pledge within its grace period
    make_report(pledge_2022, year=2022, tertial=2)
    content = client.get(pledge_2022.get_absolute_url()).content.decode()
    assert (
        "Nästa uppföljning, av T1 2022, är försenad: den skulle ha publicerats senast "
        "30 maj 2022." in content
    )
    assert "Uppföljningen av T3 2022 är försenad" in content
    assert "Uppföljningen av T1 2022 är försenad" not in content
    assert "publicerades aldrig" not in content


def test_due_list_leaves_out_follow_ups_past_the_grace_period(
    pledge_2022, current_pledge, varnamo_police, settings
):
    settings.FOLLOWUP_GRACE_DAYS = 180
    rows = due_follow_ups(varnamo_police)
    assert {row[0] for row in rows} == {current_pledge}
    settings.FOLLOWUP_GRACE_DAYS = 100_000
    rows = due_follow_ups(varnamo_police)
    assert {row[0] for row in rows} == {current_pledge, pledge_2022}
